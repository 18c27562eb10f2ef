# Sourced by the bin/ scripts after jdk.sh (JAVA_HOME set). Builds the project when the
# repl module's jars are missing or older than any pom.xml or main source, then sets
# TCPSTEP_REPL_TARGET (modules/repl/target: lib/ holds the runtime module path, plus the
# tcpstep-repl jar).

tcpstep_build_if_needed() { # $1 = the repository root
  local root=$1 repl="$1/modules/repl/target" log
  local stamp="$repl/.tcpstep-built"
  TCPSTEP_REPL_TARGET=$repl
  if [ -f "$stamp" ] && [ -z "$(find "$root/pom.xml" "$root/modules" \( -path '*/target' -prune \) -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  if [ -f "$stamp" ]; then
    echo "tcpstep: sources changed since the last build; rebuilding..." >&2
  else
    echo "tcpstep: building (the first run downloads Maven and libraries; about a minute)..." >&2
  fi
  log=$(mktemp)
  if ! (cd "$root" && ./mvnw -B -q -ntp -Dmaven.test.skip=true install -pl modules/repl -am) >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "tcpstep: build failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log" "$repl"/tcpstep.jsa
  touch "$stamp"
}
