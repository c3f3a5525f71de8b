#!/usr/bin/env python3
"""«Enviar Correo» on the caller's page: the time and the body of the answer for a known and an
unknown address (README, «The caller's pages»). Usage: scripts/pages_timing.py BASE_URL, against
a portal served with --seed demo --limits relaxed (300 requests of each kind)."""
import http.cookiejar, urllib.request, urllib.parse, re, time, statistics, sys
base = sys.argv[1]
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = op.open(base + "/cv/recordar/contrasena").read().decode()
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
def send(email):
    data = urllib.parse.urlencode({"email": email, "csrf": csrf}).encode()
    t = time.perf_counter()
    body = op.open(base + "/cv/recordar/contrasena", data).read()
    return time.perf_counter() - t, body
times = {"known": [], "unknown": []}
bodies = {"known": set(), "unknown": set()}
for i in range(300):
    for kind, email in (("known", "sandra.avila@gmail.com"), ("unknown", f"nadie{i}@ejemplo.com")):
        dt, body = send(email)
        if i >= 20:
            times[kind].append(dt * 1000)
        bodies[kind].add(body)
for k, v in times.items():
    v.sort()
    print(f"{k}: n={len(v)} median={statistics.median(v):.2f} ms p90={v[int(len(v)*0.9)]:.2f} ms")
print("identical bodies:", bodies["known"] == bodies["unknown"] and len(bodies["known"]) == 1)
