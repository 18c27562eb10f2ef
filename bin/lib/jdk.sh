# Sourced by the bin/ scripts. Finds a JDK 25+ and sets TCPSTEP_JAVA_HOME, or exits
# with a message saying what to install. Order: $JAVA_HOME, the newest JDK under
# /usr/lib/jvm, then `java` on PATH.

tcpstep_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  local rel="$1/release" v
  if [ -r "$rel" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel")
  elif [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  fi
  if [ -n "${v:-}" ] && [ -x "$1/bin/java" ]; then echo "$v"; fi
  return 0
}

tcpstep_find_jdk() {
  local need=25 home v best="" bestv=0
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(tcpstep_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then TCPSTEP_JAVA_HOME=$JAVA_HOME; return 0; fi
  fi
  for home in /usr/lib/jvm/*/; do
    home=${home%/}
    [ -L "$home" ] && continue
    v=$(tcpstep_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$need" ] && [ "$v" -gt "$bestv" ]; then best=$home; bestv=$v; fi
  done
  if [ -n "$best" ]; then TCPSTEP_JAVA_HOME=$best; return 0; fi
  if command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(tcpstep_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then TCPSTEP_JAVA_HOME=$home; return 0; fi
  fi
  echo "tcpstep: needs JDK $need or newer, and found none (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm, java on PATH)." >&2
  echo "tcpstep: install one, e.g. 'apt-get install temurin-25-jdk' or from https://adoptium.net, then set JAVA_HOME." >&2
  exit 127
}
