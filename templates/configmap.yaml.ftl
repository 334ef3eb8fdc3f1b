<#--
  The aws-iam-authenticator's ConfigMap (MountedFile backend), exactly the shape of kops' docs/authentication.md.
  Every user value goes through q(), which writes a JSON string literal (a YAML double-quoted scalar); config.yaml
  is a YAML document of its own, indented whole into a block scalar by indent().
  Model: clusterId; mapRoles, mapUsers (lists of {arn, username, groups}); mapAccounts (list).
-->
<#assign config>
# a unique-per-cluster identifier to prevent replay attacks
clusterID: ${q(clusterId)}
server:
<#if mapRoles?has_content>
  mapRoles:
<#list mapRoles as m>
  - roleARN: ${q(m.arn)}
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
<#if mapUsers?has_content>
  mapUsers:
<#list mapUsers as m>
  - userARN: ${q(m.arn)}
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
<#if mapAccounts?has_content>
  mapAccounts:
<#list mapAccounts as a>
  - ${q(a)}
</#list>
</#if>
</#assign>
apiVersion: v1
kind: ConfigMap
metadata:
  namespace: kube-system
  name: aws-iam-authenticator
  labels:
    k8s-app: aws-iam-authenticator
data:
  config.yaml: |
${indent(config?trim, 4)}
