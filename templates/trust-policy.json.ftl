<#--
  The admin role's trust (assume-role) policy. Principal: the account root (the blog) or the given ARNs;
  Condition only when asked for (MFA, MFA age, ExternalId). Every user value goes through q() (JSON string).
  Model: principals (list), requireMfa (boolean), mfaMaxAge (optional), externalId (optional).
-->
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
<#if principals?size == 1>
        "AWS": ${q(principals[0])}
<#else>
        "AWS": [
<#list principals as p>
          ${q(p)}<#sep>,</#sep>
</#list>
        ]
</#if>
      },
<#if requireMfa || externalId??>
      "Action": "sts:AssumeRole",
      "Condition": {
<#if requireMfa>
        "Bool": {
          "aws:MultiFactorAuthPresent": "true"
        }<#if mfaMaxAge?? || externalId??>,</#if>
</#if>
<#if mfaMaxAge??>
        "NumericLessThan": {
          "aws:MultiFactorAuthAge": ${q(mfaMaxAge)}
        }<#if externalId??>,</#if>
</#if>
<#if externalId??>
        "StringEquals": {
          "sts:ExternalId": ${q(externalId)}
        }
</#if>
      }
<#else>
      "Action": "sts:AssumeRole"
</#if>
    }
  ]
}
