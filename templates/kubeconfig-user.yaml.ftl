<#--
  A kubeconfig fragment: one users[] entry with an exec credential plugin, and one contexts[] entry binding it to
  kops' cluster entry. Every user value goes through q() (a JSON string literal = a YAML double-quoted scalar).
  Model: userName, contextName, cluster, command, args (list), env (list of {name, value}; may be empty).
-->
users:
- name: ${q(userName)}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${q(command)}
      args:
<#list args as a>
      - ${q(a)}
</#list>
<#if env?has_content>
      env:
<#list env as e>
      - name: ${q(e.name)}
        value: ${q(e.value)}
</#list>
</#if>
      interactiveMode: IfAvailable
      provideClusterInfo: false
contexts:
- name: ${q(contextName)}
  context:
    cluster: ${q(cluster)}
    user: ${q(userName)}
