<#--
  What kopsauth owns in the kops cluster spec: RBAC authorization and the AWS IAM Authenticator, with an optional
  backendMode, clusterID and identityMappings (CRD mode, kops 1.23+). Every user value goes through q().
  Model: backendMode (optional), clusterId (optional), identityMappings (list of {arn, username, groups}).
-->
spec:
  authorization:
    rbac: {}
  authentication:
<#if backendMode?? || clusterId?? || identityMappings?has_content>
    aws:
<#if backendMode??>
      backendMode: ${q(backendMode)}
</#if>
<#if clusterId??>
      clusterID: ${q(clusterId)}
</#if>
<#if identityMappings?has_content>
      identityMappings:
<#list identityMappings as m>
      - arn: ${q(m.arn)}
        username: ${q(m.username)}
<#if m.groups?has_content>
        groups:
<#list m.groups as g>
        - ${q(g)}
</#list>
<#else>
        groups: []
</#if>
</#list>
</#if>
<#else>
    aws: {}
</#if>
