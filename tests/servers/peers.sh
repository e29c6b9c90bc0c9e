#!/usr/bin/env bash
# Start and stop the test peers described in README.md next to this file.
#
#   peers.sh mkdir                      print a fresh folder for `start`, made
#                                       where nginx's unprivileged worker can
#                                       read it
#   peers.sh start DIR [PEER...]        PEER: nginx httpbin scripted tinyproxy
#                                       socks (default: all); writes DIR/env,
#                                       DIR/PEER.pid and the peers' logs
#   peers.sh stop DIR                   stop what `start DIR` started, by pid
#   peers.sh stop-group PGID            TERM a process group, KILL it after 10 s
#
# Each peer runs in its own process group (job control), so `stop` reaches
# its workers too, and a Ctrl-C meant for the caller does not.  Every wait is
# bounded: OI_PEERS_TIMEOUT seconds (default 10) for a peer to answer.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3          # Debian's python3: the one gunicorn and httpbin use
NGINX=${OI_NGINX:-nginx}
GUNICORN=/usr/bin/gunicorn
TIMEOUT=${OI_PEERS_TIMEOUT:-10}
ALL_PEERS=(nginx httpbin scripted tinyproxy socks)
TINYPROXY=${OI_TINYPROXY:-tinyproxy}
DANTED=${OI_DANTED:-/usr/sbin/danted}
PROXY_USER=oi-user PROXY_PASSWORD=oi-secret  # of the proxies that require credentials
declare -A SECOND_PORT=()  # tinyproxy, socks: the port of the instance with credentials
STARTING=""   # the folder `start` is working on, until every peer is up

die() { echo "peers.sh: $*" >&2; exit 1; }

# True if every folder from $1 up to / lets others through (o+x).
others_can_reach() {
  local p=$1
  while :; do
    [ -n "$(find "$p" -prune -perm -001 2>/dev/null)" ] || return 1
    [ "$p" = / ] && return 0
    p=$(dirname "$p")
  done
}

cmd_mkdir() {
  local base=${TMPDIR:-/tmp}
  others_can_reach "$base" || base=/tmp
  local dir
  dir=$(mktemp -d "$base/openinet-peers.XXXXXX")
  chmod 755 "$dir"
  echo "$dir"
}

# Print N distinct free loopback ports, free on 127.0.0.1 and, if $2 is 1,
# on ::1 too.  The kernel picks them (bind to port 0); a peer may still lose
# its port to another program before it binds, so `start` retries.
pick_ports() {
  "$PY" -I - "$1" "$2" <<'EOF'
import socket, sys
n, want6 = int(sys.argv[1]), sys.argv[2] == "1"
held, ports = [], []
for _ in range(100 * n):
    if len(ports) == n:
        break
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    held.append(s)
    if want6:
        s6 = socket.socket(socket.AF_INET6)
        try:
            s6.bind(("::1", port))
        except OSError:
            continue
        finally:
            s6.close()
    ports.append(port)
for s in held:
    s.close()
if len(ports) != n:
    sys.exit("no free ports")
print(" ".join(map(str, ports)))
EOF
}

have_ipv6() {
  "$PY" -I -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null
}

# wait_http DEADLINE NAME:PID:URL...  Poll each URL until it answers with a
# status below 500 while its process lives.  Prints one "NAME ok|dead|timeout"
# line per peer; fails if any is not ok.
wait_http() {
  "$PY" -I - "$@" <<'EOF'
import http.client, os, sys, time, urllib.parse
deadline = time.monotonic() + float(sys.argv[1])
pending = {}
for spec in sys.argv[2:]:
    name, pid, url = spec.split(":", 2)
    pending.setdefault(name, [int(pid), []])[1].append(urllib.parse.urlsplit(url))
def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
def socks_answers(u):
    import socket  # a SOCKS5 server answers a greeting with its version, 5
    try:
        with socket.create_connection((u.hostname, u.port), timeout=1) as s:
            s.sendall(b"\x05\x02\x00\x02")
            return s.recv(2)[:1] == b"\x05"
    except OSError:
        return False
def answers(u):
    if u.scheme == "socks5":
        return socks_answers(u)
    try:
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=1)
        c.request("GET", u.path or "/")
        ok = c.getresponse().status < 500
        c.close()
        return ok
    except (OSError, http.client.HTTPException):
        return False
failed = False
while pending:
    for name, (pid, urls) in list(pending.items()):
        if not alive(pid):
            print(name, "dead"); failed = True; del pending[name]; continue
        urls[:] = [u for u in urls if not answers(u)]
        if not urls and alive(pid):
            print(name, "ok"); del pending[name]
    if pending and time.monotonic() > deadline:
        for name in pending:
            print(name, "timeout")
        sys.exit(1)
    if pending:
        time.sleep(0.05)
sys.exit(1 if failed else 0)
EOF
}

make_docroot() {
  local root=$1
  mkdir -p "$root"
  cat >"$root/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>openinet test peer</title></head>
<body><h1>openinet test peer</h1><p>It works.</p></body></html>
EOF
  : >"$root/empty.bin"
  head -c 1024 /dev/urandom >"$root/1k.bin"
  head -c 1048576 /dev/urandom >"$root/1m.bin"
  chmod 755 "$root"
  chmod 644 "$root"/*
}

# The large file takes a moment: made while the peers boot.
make_large_file() {
  local root=$1
  [ -e "$root/100m.bin" ] && return 0
  head -c 104857600 /dev/urandom >"$root/100m.bin.part"
  chmod 644 "$root/100m.bin.part"
  mv "$root/100m.bin.part" "$root/100m.bin"
}

# nginx's TLS servers: the test PKI (certs.sh, made once per DIR) and a free
# port for each.  Writes DIR/nginx-tls.sed, which fills in nginx.conf.in's
# TLS placeholders, and DIR/nginx-tls.env, their variables for DIR/env.
TLS_SERVERS=(TLS TLS_EXPIRED TLS_NOTYET TLS_WRONGHOST TLS_UNKNOWNCA TLS_CLIENTCERT TLS_WILDCARD TLS12)
nginx_tls() {
  local dir=$1 certs=$1/certs list ports listen6="" name i=0
  [ -e "$certs/client.pem" ] || "$here/certs.sh" "$certs"
  list=$(pick_ports ${#TLS_SERVERS[@]} "$IPV6") || die "no free loopback ports"
  read -r -a ports <<<"$list"
  [ "$IPV6" = 1 ] && listen6="        listen [::1]:${ports[0]} ssl;"
  {
    echo "s|@CERTS@|$certs|g"
    echo "s|^@LISTEN6_TLS@\$|$listen6|"
    for name in "${TLS_SERVERS[@]}"; do echo "s|@${name}_PORT@|${ports[i++]}|g"; done
  } >"$dir/nginx-tls.sed"
  i=0
  {
    echo "export OI_TEST_CERTS=$certs OI_TEST_CA=$certs/ca.pem"
    echo "export OI_CLIENT_CERT=$certs/client.pem OI_CLIENT_KEY=$certs/client.key"
    for name in "${TLS_SERVERS[@]}"; do echo "export OI_NGINX_${name}_PORT=${ports[i++]}"; done
  } >"$dir/nginx-tls.env"
}

# start_PEER DIR PORT: launch in the background (own process group), record
# the pid in DIR/PEER.pid.
start_nginx() {
  local dir=$1 port=$2 prefix=$1/nginx listen6=""
  mkdir -p "$prefix"
  [ "$IPV6" = 1 ] && listen6="        listen [::1]:$port;"
  nginx_tls "$dir"
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@DOCROOT@|$dir/docroot|g" -e "s|@PORT@|$port|g" \
      -e "s|^@LISTEN6@\$|$listen6|" -f "$dir/nginx-tls.sed" "$here/nginx.conf.in" \
      >"$prefix/nginx.conf"
  "$NGINX" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" \
    </dev/null >>"$dir/nginx.log" 2>&1 &
  echo $! >"$dir/nginx.pid"
}

start_httpbin() {
  local dir=$1 port=$2
  # cd: gunicorn reads ./gunicorn.conf.py if there is one.
  (cd "$dir" && unset PYTHONPATH PYTHONHOME GUNICORN_CMD_ARGS &&
     exec "$GUNICORN" -b "127.0.0.1:$port" -w 2 --threads 4 --preload --graceful-timeout 2 \
       --error-logfile - httpbin:app) </dev/null >>"$dir/httpbin.log" 2>&1 &
  echo $! >"$dir/httpbin.pid"
}

start_scripted() {
  local dir=$1 port=$2
  "$PY" -I -u "$here/scripted.py" "$port" </dev/null >>"$dir/scripted.log" 2>&1 &
  echo $! >"$dir/scripted.pid"
}

# In the subshell that runs the two instances of a peer: when either ends,
# end the process group (the other one too), so that a port lost to another
# program shows as a dead peer and `start` retries on other ports.
pair_wait() {
  wait -n || true  # its status is the instance's, not ours (set -e)
  kill 0
}

tinyproxy_conf() {  # DIR PORT AUTH-LINE
  sed -e "s|@PORT@|$2|g" -e "s|@FILTER@|$1/tinyproxy.filter|g" -e "s|^@AUTH@\$|$3|" \
    "$here/tinyproxy.conf.in"
}

# tinyproxy: an instance without credentials on PORT and one requiring
# Basic credentials on a port of its own, in one process group.
start_tinyproxy() {
  local dir=$1 port=$2 auth_port
  auth_port=$(pick_ports 1 0) || die "no free loopback ports"
  SECOND_PORT[tinyproxy]=$auth_port
  printf '%s\n' '^127\.0\.0\.1$' '^localhost$' '^::1$' >"$dir/tinyproxy.filter"
  tinyproxy_conf "$dir" "$port" "" >"$dir/tinyproxy.conf"
  tinyproxy_conf "$dir" "$auth_port" "BasicAuth $PROXY_USER $PROXY_PASSWORD" \
    >"$dir/tinyproxy-auth.conf"
  {
    echo "export OI_TINYPROXY_PORT=$port OI_TINYPROXY_AUTH_PORT=$auth_port"
    echo "export OI_PROXY_USER=$PROXY_USER OI_PROXY_PASSWORD=$PROXY_PASSWORD"
  } >"$dir/tinyproxy.env"
  (
    set +m  # both instances in this subshell's process group
    "$TINYPROXY" -d -c "$dir/tinyproxy.conf" &
    "$TINYPROXY" -d -c "$dir/tinyproxy-auth.conf" &
    pair_wait
  ) </dev/null >>"$dir/tinyproxy.log" 2>&1 &
  echo $! >"$dir/tinyproxy.pid"
}

# SOCKS5: danted without authentication on PORT; socks5.py with
# user/password on a port of its own (danted's username method wants
# system accounts).  One process group.
start_socks() {
  local dir=$1 port=$2 auth_port
  auth_port=$(pick_ports 1 0) || die "no free loopback ports"
  SECOND_PORT[socks]=$auth_port
  sed -e "s|@PORT@|$port|g" "$here/danted.conf.in" >"$dir/danted.conf"
  {
    echo "export OI_SOCKS_PORT=$port OI_SOCKS_AUTH_PORT=$auth_port"
    echo "export OI_PROXY_USER=$PROXY_USER OI_PROXY_PASSWORD=$PROXY_PASSWORD"
  } >"$dir/socks.env"
  (
    set +m
    "$DANTED" -f "$dir/danted.conf" -p "$dir/danted.pidfile" &
    "$PY" -I -u "$here/socks5.py" "$auth_port" "$PROXY_USER" "$PROXY_PASSWORD" &
    pair_wait
  ) </dev/null >>"$dir/socks.log" 2>&1 &
  echo $! >"$dir/socks.pid"
}

probe_urls() {  # NAME PORT -> the URLs that show the peer is up
  case $1 in
    nginx) echo "http://127.0.0.1:$2/index.html"
           [ "$IPV6" = 1 ] && echo "http://[::1]:$2/index.html" ;;
    httpbin) echo "http://127.0.0.1:$2/get" ;;
    scripted) echo "http://127.0.0.1:$2/ok" ;;
    tinyproxy) echo "http://127.0.0.1:$2/ http://127.0.0.1:${SECOND_PORT[tinyproxy]}/" ;;
    socks) echo "socks5://127.0.0.1:$2 socks5://127.0.0.1:${SECOND_PORT[socks]}" ;;
  esac
  return 0
}

# True while a process of group $1 is alive (zombies do not count: whoever
# inherited the peer may be slow to reap it).
group_alive() {
  ps -A -o pgid= -o stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Stop the process group $1 (named $2 in messages): TERM, then KILL after a
# bounded wait (10 s).
stop_group() {
  local pgid=$1 name=${2:-process group} i
  [[ $pgid =~ ^[0-9]+$ ]] && [ "$pgid" -gt 1 ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    group_alive "$pgid" || return 0
    sleep 0.1
  done
  echo "peers.sh: $name ($pgid) ignored TERM for 10 s; killing it" >&2
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

stop_pidfile() {
  local file=$1
  stop_group "$(cat "$file" 2>/dev/null || true)" "$(basename "$file" .pid)"
  rm -f "$file"
}

cmd_stop() {
  local dir=${1:?usage: peers.sh stop DIR} f
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    stop_pidfile "$f" &   # in parallel: gunicorn takes a moment
  done
  wait
}

cmd_start() {
  local dir=${1:?usage: peers.sh start DIR [PEER...]}
  shift
  local peers=("$@") p
  [ ${#peers[@]} -gt 0 ] || peers=("${ALL_PEERS[@]}")
  for p in "${peers[@]}"; do
    case $p in nginx | httpbin | scripted | tinyproxy | socks) ;; *) die "unknown peer '$p'" ;; esac
  done
  for p in "${peers[@]}"; do
    case $p in
      nginx) command -v "$NGINX" >/dev/null || die "nginx not found (scripts/deps.sh test)" ;;
      httpbin) [ -x "$GUNICORN" ] || die "$GUNICORN not found (scripts/deps.sh test)" ;;
      tinyproxy) command -v "$TINYPROXY" >/dev/null || die "tinyproxy not found (apt-get install tinyproxy)" ;;
      socks) [ -x "$DANTED" ] || die "$DANTED not found (apt-get install dante-server)" ;;
    esac
  done
  [ -x "$PY" ] || die "$PY not found"

  umask 022
  local t0=${EPOCHREALTIME:-$SECONDS}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ] && ! others_can_reach "$dir"; then
    die "$dir: a folder on the way lacks o+x, nginx's worker could not read the files (use: peers.sh mkdir)"
  fi
  local f
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    if group_alive "$(cat "$f")"; then
      die "$dir: peers already running ($(basename "$f" .pid)); run: peers.sh stop $dir"
    fi
    rm -f "$f"
  done
  IPV6=0
  have_ipv6 && IPV6=1
  make_docroot "$dir/docroot"

  # Whatever stops this function early stops what it started.
  STARTING=$dir
  trap '[ -z "$STARTING" ] || cmd_stop "$STARTING"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  declare -A port=()
  local todo=("${peers[@]}") attempt specs result name state
  for attempt in 1 2 3; do
    local list fresh
    list=$(pick_ports ${#todo[@]} "$IPV6") || die "no free loopback ports"
    read -r -a fresh <<<"$list"
    specs=()
    local i=0
    for p in "${todo[@]}"; do
      port[$p]=${fresh[$i]}
      i=$((i + 1))
      set -m  # job control: the peer gets its own process group
      "start_$p" "$dir" "${port[$p]}"
      set +m
      local url
      for url in $(probe_urls "$p" "${port[$p]}"); do
        specs+=("$p:$(cat "$dir/$p.pid"):$url")
      done
    done
    make_large_file "$dir/docroot"
    result=$(wait_http "$TIMEOUT" "${specs[@]}") || true
    todo=()
    while read -r name state; do
      case $state in
        ok) ;;
        dead) todo+=("$name"); rm -f "$dir/$name.pid" ;;
        *) echo "peers.sh: $name did not answer within ${TIMEOUT}s; its log:" >&2
           tail -n 20 "$dir/$name.log" "$dir/nginx/error.log" 2>/dev/null >&2 || true
           exit 1 ;;
      esac
    done <<<"$result"
    [ ${#todo[@]} -eq 0 ] && break
    echo "peers.sh: ${todo[*]} failed to start (attempt $attempt), retrying on other ports" >&2
  done
  if [ ${#todo[@]} -gt 0 ]; then
    for p in "${todo[@]}"; do
      echo "peers.sh: $p does not start; its log:" >&2
      tail -n 20 "$dir/$p.log" >&2 || true
    done
    exit 1
  fi
  STARTING=""

  {
    echo "export OI_DOCROOT=$dir/docroot"
    if [ -n "${port[nginx]:-}" ]; then
      echo "export OI_NGINX_PORT=${port[nginx]} OI_NGINX_IPV6=$IPV6"
    fi
    if [ -n "${port[nginx]:-}" ]; then cat "$dir/nginx-tls.env"; fi
    if [ -n "${port[httpbin]:-}" ]; then echo "export OI_HTTPBIN_PORT=${port[httpbin]}"; fi
    if [ -n "${port[scripted]:-}" ]; then echo "export OI_SCRIPTED_PORT=${port[scripted]}"; fi
    if [ -n "${port[tinyproxy]:-}" ]; then cat "$dir/tinyproxy.env"; fi
    if [ -n "${port[socks]:-}" ]; then cat "$dir/socks.env"; fi
  } >"$dir/env"
  local summary=""
  for p in "${peers[@]}"; do summary+=" $p:${port[$p]}"; done
  local took ipv6=off
  took=$(awk -v a="$t0" -v b="${EPOCHREALTIME:-$SECONDS}" 'BEGIN { printf "%.1f", b - a }')
  [ "$IPV6" = 0 ] || ipv6=on
  echo "peers:$summary (IPv6 $ipv6; up in $took s; $dir)"
}

case ${1:-} in
  mkdir) cmd_mkdir ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  stop-group) stop_group "${2:?usage: peers.sh stop-group PGID}" ;;
  *) echo "usage: peers.sh mkdir | start DIR [PEER...] | stop DIR | stop-group PGID" >&2; exit 2 ;;
esac
