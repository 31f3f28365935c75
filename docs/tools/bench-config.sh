# Sourced by write-ab.sh and floor-ab.sh: the by-hand benchmark's configuration, written to the file named; a scratch
# directory holding it; and the wait for an application to be ready.
# Port 18080; no sample data and no demo accounts; one built-in account, bench-writer (password bench-reader-password),
# ADMIN and ASSESSOR of units W-0..W-31; no limit on changes per person; no periodic checkpoint.
bench_config() {
  cat > "$1" <<'YML'
server:
  port: 18080
parledger:
  sample-data:
    enabled: false
  security:
    demo-accounts:
      enabled: false
    accounts:
      - username: bench-writer
        password: "{bcrypt}$2a$10$EUGWd.EQSSvbXiFW335h9..GqJFOBf1n59KTgk22SCKtn1Cipb/k6"
        grants: [ADMIN]
    rate-limit:
      mutations: 0
  integrity:
    checkpoint-every: 0s
YML
  python3 - "$1" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
open(p, 'w').write(s.replace("grants: [ADMIN]", "grants: [ADMIN," + ",".join("ASSESSOR:W-%d" % i for i in range(32)) + "]"))
PY
}

# $WORK, a scratch directory with the configuration in $WORK/cfg.yml; every application started with it is stopped when
# the script ends.
bench_work() {
  WORK=$(mktemp -d)
  trap 'pkill -f "additional-location=$WORK" || true' EXIT
  bench_config "$WORK/cfg.yml"
}

# Until the application on port 18080 is ready (at most two minutes).
bench_await_ready() {
  for _ in $(seq 120); do curl -s localhost:18080/actuator/health/readiness | grep -q '"status":"UP"}$' && return; sleep 1; done
}
