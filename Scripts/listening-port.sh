# Sourced by the scripts that start pointsd: `listening_port LOG PID` prints the port a pointsd
# started with `--port 0` bound, read from its log line "addresses=[IPv4]127.0.0.1/127.0.0.1:PORT
# … pointsd listening" (the event, not a guess at a free port); it fails, with the log, if
# pointsd exits first or never says.
listening_port() {
  local log="$1" pid="$2"
  for _ in $(seq 600); do
    local port
    port="$(grep 'pointsd listening' "$log" 2>/dev/null | grep -o '127\.0\.0\.1:[0-9]*' | head -1 | sed 's/.*://')"
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "pointsd exited before listening:" >&2; tail -20 "$log" >&2; return 1; }
    sleep 0.1
  done
  echo "pointsd did not report its port:" >&2; tail -20 "$log" >&2; return 1
}
