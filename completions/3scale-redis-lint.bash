# bash completion for 3scale-redis-lint
_3scale_redis_lint()
{
    local cur prev opts
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    opts=$(3scale-redis-lint --help 2>/dev/null | grep -o -- '--[a-z0-9-]*' | sort -u)
    case $prev in
    -o|--output) COMPREPLY=($(compgen -W "text json sarif junit github" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --fail-on) COMPREPLY=($(compgen -W "error warning info" -- "$cur")); return ;;
    --3scale-version)
        COMPREPLY=($(compgen -W "2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15 2.16" -- "$cur"))
        return ;;
    --explain)
        COMPREPLY=($(compgen -W "$(3scale-redis-lint --list-rules 2>/dev/null | awk '{print $1, $3}')" -- "$cur"))
        return ;;
    --schemas) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --kubeconfig|--config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --context)
        COMPREPLY=($(compgen -W "$(kubectl config get-contexts -o name 2>/dev/null)" -- "$cur"))
        return ;;
    -n|--namespace)
        COMPREPLY=($(compgen -W "$(kubectl get namespaces -o name 2>/dev/null | sed 's|^namespace/||')" -- "$cur"))
        return ;;
    --namespaces)
        # a comma-separated list: complete the name after the last comma
        local done=${cur%,*} last=${cur##*,}
        [[ $cur == *,* ]] && done="$done," || done=
        COMPREPLY=($(compgen -P "$done" -W "$(kubectl get namespaces -o name 2>/dev/null | sed 's|^namespace/||')" -- "$last"))
        return ;;
    --chunk-size|--request-timeout|--max-*) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _3scale_redis_lint 3scale-redis-lint
