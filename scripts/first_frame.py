#!/usr/bin/env python3
"""exec -> first frame of the console in a pseudo-terminal, against a bare ratatui app, for an A/B of
two builds on a shared machine: each round starts the bare app, then every console binary given,
so all of them see the same load. The frame is there when «salir» (the footer's quit key) is on
screen, as `cargo bench --bench console` waits for it; the portal URL answers nothing (the first
frame does not wait for the portal).

    python3 scripts/first_frame.py N BARE CONSOLE [CONSOLE…]

BARE is the console bench's own binary (target/release/deps/console-*), run with BARE_RATATUI=1;
each CONSOLE a `helpdesk` release binary (copy the one before a change aside first).
"""
import os, pty, sys, time, fcntl, termios, struct, select, statistics, tempfile, signal

def run(argv, env, quit_bytes):
    home = tempfile.mkdtemp()
    e = dict(os.environ); e.update(env); e['HOME'] = home; e['XDG_CONFIG_HOME']=home+'/.config'; e['XDG_DATA_HOME']=home+'/.local/share'; e['XDG_STATE_HOME']=home+'/.local/state'; e['TERM']='xterm-256color'
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
        os.execve(argv[0], argv, e)
    buf = b''
    t = None
    while True:
        r, _, _ = select.select([fd], [], [], 10)
        if not r: break
        try: chunk = os.read(fd, 65536)
        except OSError: break
        if not chunk: break
        buf += chunk
        if b'salir' in buf:
            t = time.perf_counter() - t0
            break
    os.write(fd, quit_bytes)
    deadline = time.time() + 5
    while True:
        p, _ = os.waitpid(pid, os.WNOHANG)
        if p: break
        try:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r: os.read(fd, 65536)
        except OSError: pass
        if time.time() > deadline:
            os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0); break
    os.close(fd)
    return t * 1e3 if t else float('nan')

n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
bare = sys.argv[2]
consoles = sys.argv[3:]
url = os.environ.get('FF_URL', 'http://127.0.0.1:9')
res = {c: [] for c in consoles}
b = []
for i in range(n):
    b.append(run([bare], {'BARE_RATATUI': '1'}, b'q'))
    for c in consoles:
        res[c].append(run([c, '--portal-url', url, '--token', 'x'*43], {}, b'\x03'))
mb = statistics.median(b)
print(f"bare p50 {mb:.2f} ms (min {min(b):.2f})")
for c, v in res.items():
    mc = statistics.median(v)
    print(f"{os.path.basename(c)} p50 {mc:.2f} ms (min {min(v):.2f})  ratio {mc/mb:.2f}x")
