# SPDX-License-Identifier: ISC
"""The inputs of the bad-input cases: a generator per input, which
writes it into a directory and returns the path to give shelltrail.
What must happen with each is said by its case file, tests/cases/*.case
(generate: NAME, or made-by: NAME for the committed small ones).

    python3 tests/bad/cases.py DIR         write the small cases' inputs
                                           (tests/bad/cases/ is made so)

Every input keeps the seed capture's web shell (sh -c 'cat /etc/passwd'
and its cat, see WEBSHELL) somewhere, so that "the valid events around
the bad ones still come out" can be checked.
"""

import datetime
import gzip
import io
import os
import random
import shutil
import sys
import tarfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "..", "samples", "seed-raw", "audit", "audit.log")


def _seed_lines():
    with open(SEED, "rb") as f:
        return f.read().split(b"\n")


# The web shell's two exec events, lines 92-103 of the seed capture.
WEBSHELL = b"\n".join(_seed_lines()[91:103]) + b"\n"
WANT = ["sh -c 'cat /etc/passwd'", "cat /etc/passwd"]
BEFORE = b"\n".join(_seed_lines()[:91]) + b"\n"   # root's own execs


def write(d, name, data):
    path = os.path.join(d, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def syscall(serial, pid, ppid, sec=1795756860, ms=0, uid=0, comm="true",
            exe="/usr/bin/true", extra=""):
    """A minimal execve event: SYSCALL, EXECVE, CWD, PROCTITLE."""
    ts = f"{sec}.{ms:03d}:{serial}"
    return (f"type=SYSCALL msg=audit({ts}): arch=c000003e syscall=59 success=yes "
            f"exit=0 a0=0 a1=0 a2=0 a3=0 items=1 ppid={ppid} pid={pid} "
            f"auid=4294967295 uid={uid} gid={uid} euid={uid} suid={uid} fsuid={uid} "
            f"egid={uid} sgid={uid} fsgid={uid} tty=(none) ses=4294967295 "
            f"comm=\"{comm}\" exe=\"{exe}\" key=\"x\"{extra}\n"
            f"type=EXECVE msg=audit({ts}): argc=1 a0=\"{comm}\"\n"
            f"type=CWD msg=audit({ts}): cwd=\"/\"\n"
            f"type=PROCTITLE msg=audit({ts}): proctitle=74727565\n").encode()


# ---- small cases: committed as files ------------------------------------

def nul_bytes(d):
    lines = WEBSHELL.split(b"\n")
    lines.insert(3, b"type=PATH msg=audit(1795756858.163:10452): item=9 name=\"/x\0y\"")
    return write(d, "nul_bytes.log", BEFORE + b"\n".join(lines))


def crlf(d):
    return write(d, "crlf.log", (BEFORE + WEBSHELL).replace(b"\n", b"\r\n"))


def invalid_utf8(d):
    bad = (b'type=SYSCALL msg=audit(1795756858.200:10460): arch=c000003e syscall=59 '
           b'success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=1 ppid=17431 pid=17470 '
           b'auid=4294967295 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 '
           b'fsgid=33 tty=(none) ses=4294967295 comm="sh" exe="/usr/bin/dash" key="x"\n'
           b'type=EXECVE msg=audit(1795756858.200:10460): argc=3 a0="sh" a1="-c" '
           b'a2=6563686F20FFFE1B5B33316D\n'
           b'type=CWD msg=audit(1795756858.200:10460): cwd="/opt/www/php"\n'
           b'type=PROCTITLE msg=audit(1795756858.200:10460): proctitle=7368\n')
    return write(d, "invalid_utf8.log", BEFORE + WEBSHELL + bad)


def duplicate_serials(d):
    # Another exec logged under the web shell's own time and serial.
    dup = syscall(10452, 999, 1, sec=1795756858, ms=163, comm="ls", exe="/usr/bin/ls")
    return write(d, "duplicate_serials.log", BEFORE + dup + WEBSHELL)


def argc_lies(d):
    lines = WEBSHELL.replace(b"argc=3 a0=\"sh\"", b"argc=100000 a0=\"sh\"")
    return write(d, "argc_lies.log", BEFORE + lines)


def len_lies(d):
    lines = WEBSHELL.replace(b'a2=636174202F6574632F706173737764',
                             b'a2_len=99999 a2[0]=63617420 a2[1]=2F6574632F706173737764')
    return write(d, "len_lies.log", BEFORE + lines)


def overflow(d):
    big = (b"type=SYSCALL msg=audit(99999999999999999999.001:1): arch=c000003e "
           b"syscall=59 pid=1\n"
           b"type=SYSCALL msg=audit(1795756858.001:99999999999999999999999): x=1\n")
    pid = syscall(10440, 0, 1).replace(b"pid=0 ", b"pid=184467440737095516160 ")
    return write(d, "overflow.log", big + BEFORE + pid + WEBSHELL)


def time_backwards(d):
    # The clock was set back an hour after the web shell ran.
    later = b"".join(syscall(20000 + k, 30000 + k, 1, sec=1795753258 + k)
                     for k in range(5))
    return write(d, "time_backwards.log", BEFORE + WEBSHELL + later)


def reversed_records(d):
    ev = WEBSHELL.rstrip(b"\n").split(b"\n")
    return write(d, "reversed_records.log",
                 BEFORE + b"\n".join(ev[5::-1] + ev[:5:-1]) + b"\n")


def empty(d):
    return write(d, "empty.log", b"")


# The inputs of these are committed, as tests/bad/cases/NAME.log.
SMALL = [nul_bytes, crlf, invalid_utf8, duplicate_serials, argc_lies, len_lies,
         overflow, time_backwards, reversed_records, empty]


# ---- large or special cases: made at test time ----------------------------

def truncated_gzip(d):
    filler = b"".join(syscall(30000 + k, 40000 + k, 1, sec=1795756870) for k in range(3000))
    packed = gzip.compress(BEFORE + WEBSHELL + filler)
    return write(d, "truncated.log.gz", packed[: len(packed) * 2 // 3])


def gzip_bomb(d):
    """10 GiB of zeros, one line: ten gzip members of 1 GiB, about 10 MB."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(1 << 20)
    member = b"".join(z.compress(zero) for _ in range(1024)) + z.flush()
    path = os.path.join(d, "zeros.gz")
    with open(path, "wb") as f:
        for _ in range(10):
            f.write(member)
    write(d, "audit.log", BEFORE + WEBSHELL)
    return path


def gzip_bomb_dir(d):
    gzip_bomb(d)
    return d


def binary_junk(d):
    rnd = random.Random(4)
    write(d, "junk.bin", bytes(rnd.randrange(256) for _ in range(1 << 20)))
    write(d, "audit.log", BEFORE + WEBSHELL)
    return d


def ten_mb_line(d):
    lines = WEBSHELL.split(b"\n")
    lines.insert(6, b"type=PATH msg=audit(1795756858.163:10452): name=" + b"A" * (10 << 20))
    return write(d, "long.log", BEFORE + b"\n".join(lines))


def interleaved(d):
    """One event's records out of order, between 5,000 other events."""
    ev = WEBSHELL.rstrip(b"\n").split(b"\n")
    sh = ev[:6]
    others = b"".join(syscall(50000 + k, 60000 + k, 1, sec=1795756858, ms=500)
                      for k in range(5000))
    body = (sh[1] + b"\n" + sh[3] + b"\n" + others[: len(others) // 2] + sh[0] + b"\n" +
            others[len(others) // 2:] + sh[2] + b"\n" + sh[4] + b"\n" + sh[5] + b"\n")
    return write(d, "interleaved.log", BEFORE + body + b"\n".join(ev[6:]) + b"\n")


def many_pids(d):
    body = b"".join(syscall(70000 + k, 100000 + k, 1, sec=1795756850 + k // 20000)
                    for k in range(200000))
    return write(d, "pids.log", body + WEBSHELL)


def deep_chain(d):
    body = b"".join(syscall(80000 + k, 200000 + k, 199999 + k, sec=1795756900,
                            uid=33, comm="sh", exe="/bin/sh")
                    for k in range(50000))
    return write(d, "chain.log", WEBSHELL + body)


def web_churn(d):
    """150,000 web-originated execs, 10 a second, their pids coming back
    after 2,000 s: the trees kept for their descendants must go with
    their processes."""
    body = b"".join(syscall(90000 + k, 300000 + k % 20000, 4000, sec=1795740000 + k // 10,
                            uid=33, comm="id", exe="/usr/bin/id")
                    for k in range(150000))
    return write(d, "churn.log", body + WEBSHELL)


def dir_oddities(d):
    """A symlink loop, an unreadable file, a FIFO and an empty file."""
    os.makedirs(os.path.join(d, "logs", "sub"))
    write(os.path.join(d, "logs"), "audit.log", BEFORE + WEBSHELL)
    os.symlink("..", os.path.join(d, "logs", "sub", "loop"))
    os.symlink("/var/log/audit/audit.log", os.path.join(d, "logs", "host-link"))
    secret = write(os.path.join(d, "logs"), "unreadable.log", BEFORE)
    os.chmod(secret, 0)
    os.mkfifo(os.path.join(d, "logs", "fifo"))
    write(os.path.join(d, "logs"), "empty.log", b"")
    return os.path.join(d, "logs")


def many_files(d):
    logs = os.path.join(d, "logs")
    os.makedirs(logs)
    for k in range(10000):
        write(logs, f"f{k:05d}.txt", b"" if k % 2 else b"not a log\n")
    write(logs, "audit.log", BEFORE + WEBSHELL)
    return logs


def rules_backtrack(d):
    """A web shell's python -c with 100 KB built to make the rules'
    patterns backtrack (".*-c .*socket" over "-c -c -c ...")."""
    arg = ("-c " * 33000 + "x").encode()
    head = "msg=audit(1795756858.300:10470):"
    ev = (f"type=SYSCALL {head} arch=c000003e syscall=59 success=yes exit=0 "
          f"a0=0 a1=0 a2=0 a3=0 items=1 ppid=17452 pid=17480 auid=4294967295 "
          f"uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 fsgid=33 "
          f'tty=(none) ses=4294967295 comm="python3" exe="/usr/bin/python3" key="x"\n'
          f'type=EXECVE {head} argc=3 a0="python3" a1="-c" a2={arg.hex().upper()}\n'
          f'type=CWD {head} cwd="/opt/www/php"\n'
          f"type=PROCTITLE {head} proctitle=707974686F6E33\n").encode()
    return write(d, "backtrack.log", BEFORE + WEBSHELL + ev)


def _tar(path, members, mode="w"):
    """members: (name, bytes) or (name, None, link target)."""
    with tarfile.open(path, mode) as t:
        for m in members:
            info = tarfile.TarInfo(m[0])
            if m[1] is None:
                info.type = tarfile.SYMTYPE
                info.linkname = m[2]
                t.addfile(info)
            else:
                info.size = len(m[1])
                t.addfile(info, io.BytesIO(m[1]))
    return path


def archive_bomb(d):
    """A tar holding 1 GiB of zeros gzipped, beside the audit log."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    zero = bytes(1 << 20)
    bomb = b"".join(z.compress(zero) for _ in range(1024)) + z.flush()
    return _tar(os.path.join(d, "host.tar"), [("zeros.gz", bomb),
                                              ("audit.log", BEFORE + WEBSHELL)])


def archive_names(d):
    """Member names that climb out, start at /, hold escapes; a symlink."""
    return _tar(os.path.join(d, "names.tar.gz"), [
        ("../../escape/audit.log", BEFORE + WEBSHELL),
        ("/abs/notes.txt", b"not a log\n"),
        ("\x1b]0;pwned\x07.txt", b"not a log\n"),
        ("link", None, "/etc/passwd"),
    ], "w:gz")


def archive_truncated(d):
    """The audit log, then a member of random bytes cut off halfway."""
    rnd = random.Random(6)
    path = _tar(os.path.join(d, "cut.tar.gz"), [
        ("audit.log", BEFORE + WEBSHELL),
        ("junk.bin", bytes(rnd.randrange(256) for _ in range(1 << 18)))], "w:gz")
    with open(path, "r+b") as f:
        f.truncate(os.path.getsize(path) * 3 // 4)
    return path


# ---- round 2: an attacker who knows the tool (issue 12) ------------------

SEED_DIR = os.path.join(HERE, "..", "..", "samples", "seed-raw")


def _read(*parts):
    with open(os.path.join(SEED_DIR, *parts), "rb") as f:
        return f.read()


def _host(d, name="web01", audit=None, access=None):
    """A collected host tree: NAME/var/log/audit/audit.log and
    NAME/var/log/nginx/access.log, from the seed capture."""
    root = os.path.join(d, name)
    for sub in ("var/log/audit", "var/log/nginx"):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    write(os.path.join(root, "var/log/audit"), "audit.log",
          _read("audit", "audit.log") if audit is None else audit)
    write(os.path.join(root, "var/log/nginx"), "access.log",
          _read("nginx", "access.log") if access is None else access)
    return root


def forged_range(d):
    """Two forged records, 2001 and 9999, in a file a web shell wrote:
    ordered first, they made every real record look like a copy."""
    root = _host(d)
    up = os.path.join(root, "var/www/html/uploads")
    os.makedirs(up)
    path = write(up, "cache.txt",
                 b"type=USER_LOGIN msg=audit(1000000000.000:1): pid=1 uid=0 "
                 b"auid=0 ses=1 msg='op=login acct=\"root\" res=success'\n"
                 b"type=USER_LOGIN msg=audit(253402300000.000:2): pid=1 uid=0 "
                 b"auid=0 ses=1 msg='op=login acct=\"root\" res=success'\n")
    os.chown(path, 33, 33)
    return root


def _forged_ua(serial, pid):
    """A User-Agent that reads as an audit record forwarded by audisp."""
    ts = f"1795756870.300:{serial}"
    rec = (f"audisp: type=SYSCALL msg=audit({ts}): arch=c000003e syscall=59 "
           f"success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=1 ppid=17431 pid={pid} "
           f"auid=4294967295 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 "
           f"sgid=33 fsgid=33 tty=(none) ses=4294967295 comm=sh exe=/usr/bin/dash "
           f"key=exec")
    return rec


def ua_forge(d):
    """150 requests whose User-Agents read as audit records (SYSCALL,
    EXECVE, CWD of 50 forged execs), nothing nginx would escape."""
    lines = []
    for k in range(50):
        serial, pid = 90000 + k, 50000 + k
        ts = f"1795756870.300:{serial}"
        agents = [_forged_ua(serial, pid),
                  f"audisp: type=EXECVE msg=audit({ts}): argc=3 a0=sh a1=-c "
                  f"a2=72756E2D666F72676564",
                  f"audisp: type=CWD msg=audit({ts}): cwd=/opt/www/php"]
        for ua in agents:
            lines.append(f'127.9.9.9 - - [27/Nov/2026:13:20:50 +0800] "GET /x.png '
                         f'HTTP/1.1" 404 0 "-" "{ua}"\n'.encode())
    return _host(d, access=b"".join(lines) + _read("nginx", "access.log"))


def output_names(d):
    """Hosts named summary (node=), db_01 and "db 01", and 252 bytes:
    each needs a file of its own in --output-dir."""
    seed = _read("audit", "audit.log")
    node = b"\n".join(b"node=summary " + l if l else l for l in seed.split(b"\n"))
    share = os.path.join(d, "share")
    for name, audit in (("a", node), ("db_01", seed), ("db 01", seed),
                        ("h" * 252, seed)):
        _host(share, name, audit=audit)
    return share


def gzip_members_boundary(d):
    """Two gzip members, the first ending one byte before the 256 KiB
    read boundary; the web shell is in the second."""
    first = BEFORE
    # Stored blocks: the compressed size is the input's plus a fixed
    # overhead, so the first member can be sized exactly.
    def member(data):
        z = zlib.compressobj(0, zlib.DEFLATED, 31)
        return z.compress(data) + z.flush()
    want = 256 * 1024 - 1
    pad = b"type=UNKNOWN[9999] msg=audit(1795756855.000:1): x=1\n"
    body = first
    while len(member(body + pad)) <= want:
        body += pad
    # Trim the last padding line to land exactly on want.
    short = want - len(member(body))
    filler = b"type=UNKNOWN[9999] msg=audit(1795756855.000:2): x=" + b"y" * max(short - 52, 1) + b"\n"
    while len(member(body + filler)) > want:
        filler = filler[:-2] + b"\n"
    while len(member(body + filler)) < want:
        filler = filler[:-1] + b"yy\n"
    m1 = member(body + filler)
    assert len(m1) == want, len(m1)
    return write(d, "audit.log.gz", m1 + member(WEBSHELL))


def sparse_argv(d):
    """One EXECVE naming argument 131071 alone: every missing slot would
    be written."""
    head = "msg=audit(1795756858.300:10470):"
    ev = (f"type=SYSCALL {head} arch=c000003e syscall=59 success=yes exit=0 "
          f"a0=0 a1=0 a2=0 a3=0 items=1 ppid=17452 pid=17480 auid=4294967295 "
          f"uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 fsgid=33 "
          f'tty=(none) ses=4294967295 comm="sh" exe="/usr/bin/dash" key="x"\n'
          f'type=EXECVE {head} argc=3 a0="sh" a131071="x"\n'
          f'type=CWD {head} cwd="/opt/www/php"\n'
          f"type=PROCTITLE {head} proctitle=7368\n").encode()
    return write(d, "sparse.log", BEFORE + WEBSHELL + ev)


def pending_flood(d):
    """Records of almost 1 MiB each, one event apiece, all in one second,
    none ended by a PROCTITLE: libauparse keeps them all pending."""
    big = b"A" * (1000 * 1024)
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [z.compress(BEFORE + WEBSHELL)]
    for k in range(800):
        parts.append(z.compress(b"type=PATH msg=audit(1795756859.001:%d): name=" %
                                (200000 + k) + big + b"\n"))
    parts.append(z.flush())
    return write(d, "flood.log.gz", b"".join(parts))


def _logs_tar(path, n, mode):
    """n small access logs and the audit log, in one archive."""
    members = [("var/log/audit/audit.log", BEFORE + WEBSHELL)]
    access = _read("nginx", "access.log").split(b"\n")[0] + b"\n"
    for k in range(n):
        members.append((f"var/log/nginx/access.log.{k}", access))
    return _tar(path, members, mode)


def archive_many(d, n=1600):
    return _logs_tar(os.path.join(d, "many.tar"), n, "w")


def archive_many_gz(d, n=4000):
    return _logs_tar(os.path.join(d, "many.tar.gz"), n, "w:gz")


def archive_many_zip(d, n=8000):
    import zipfile
    path = os.path.join(d, "many.zip")
    access = _read("nginx", "access.log").split(b"\n")[0] + b"\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("var/log/audit/audit.log", BEFORE + WEBSHELL)
        for k in range(n):
            z.writestr(f"var/log/nginx/access.log.{k}", access)
    return path


def repeated_command(d, n=20000):
    """n web-originated execs of one command, each run by a request
    whose parameter is that command."""
    body = b"".join(
        syscall(300000 + k, 400000 + k % 30000, 17431, sec=1795756860 + k // 200,
                ms=k % 200 * 5, uid=33, comm="sh", exe="/usr/bin/dash",
                ).replace(b'argc=1 a0="sh"', b'argc=3 a0="sh" a1="-c" a2="id"')
        for k in range(n))
    access = b"".join(
        b'127.5.5.5 - - [27/Nov/2026:%02d:%02d:%02d +0800] "GET /shell.php?cmd=id '
        b'HTTP/1.1" 200 5 "-" "x"\n' % ((13 * 3600 + 21 * 60 + k // 200) // 3600,
                                       (21 * 60 + k // 200) // 60 % 60, k // 200 % 60)
        for k in range(n))
    return _host(d, audit=BEFORE + WEBSHELL + body,
                 access=_read("nginx", "access.log") + access)


def burst_time(d, n=4000):
    """n web trees and n requests of a shape never seen, in one second."""
    audit = b"".join(
        syscall(500000 + k, 600000 + k, 17431, sec=1795756870, ms=k * 1000 // n,
                uid=33, comm="sh", exe="/usr/bin/dash")
        for k in range(n))
    access = b"".join(
        f'127.1.{k // 250}.{k % 250} - - [27/Nov/2026:13:21:10 +0800] "POST '
        f'/u{k}.php HTTP/1.1" 200 5 "-" "x"\n'.encode() for k in range(n))
    return _host(d, audit=BEFORE + WEBSHELL + audit,
                 access=_read("nginx", "access.log") + access)


def contains_burst(d, n=1000):
    """n web trees in one second whose 6,000-byte commands are all words
    ("a a a ..."), and n requests whose values sit in every one of them:
    each request is held against a bounded number of trees."""
    cmd = ("getent hosts " + "a " * 3000).strip().encode().hex().upper()
    audit = b"".join(
        syscall(700000 + k, 800000 + k, 17431, sec=1795756870, ms=k * 1000 // n,
                uid=33, comm="sh", exe="/usr/bin/dash").replace(
            b'argc=1 a0="sh"', b'argc=3 a0="sh" a1="-c" a2=' + cmd.encode())
        for k in range(n))
    access = b"".join(
        f'127.2.{k // 250}.{k % 250} - - [27/Nov/2026:13:21:10 +0800] "GET '
        f'/lookup.php?domain=a+a+a+a+a HTTP/1.1" 200 5 "-" "x"\n'.encode()
        for k in range(n))
    return _host(d, audit=BEFORE + WEBSHELL + audit,
                 access=_read("nginx", "access.log") + access)


def same_second(d, n=1200):
    """n copies of one second's records (the campaign capture's second
    with the most web shell execs), each copy with serials of its own,
    beside the capture's access logs."""
    campaign = os.path.join(HERE, "..", "..", "samples", "campaign-enriched")
    lines = []
    for name in ("audit.log.2", "audit.log.1", "audit.log"):
        with open(os.path.join(campaign, "audit", name), "rb") as f:
            lines += f.read().split(b"\n")
    count = {}
    for l in lines:
        if b"type=SYSCALL" in l and b" uid=33 " in l:
            t = l[l.index(b"msg=audit(") + 10:][:10]
            count[t] = count.get(t, 0) + 1
    busiest = max(count, key=count.get)
    sec = [l for l in lines if b"msg=audit(" + busiest + b"." in l]
    out = [BEFORE + WEBSHELL]
    for k in range(n):
        for l in sec:
            a = l.index(b":", l.index(b"msg=audit(")) + 1
            b = l.index(b")", a)
            out.append(l[:a] + str(10000000 + k * 10000 + int(l[a:b]) % 10000)
                       .encode() + l[b:] + b"\n")
    host = os.path.join(d, "web01")
    shutil.copytree(os.path.join(campaign, "nginx"), os.path.join(host, "nginx"))
    os.makedirs(os.path.join(host, "audit"))
    write(os.path.join(host, "audit"), "audit.log", b"".join(out))
    return host


def host_names(d):
    """A node= name with a C1 control and a bidi override, a directory
    name with ESC: host headings must show them escaped."""
    seed = _read("audit", "audit.log")
    node = "node=web\u009b\u202e1 ".encode()
    odd = b"\n".join(node + l if l else l for l in seed.split(b"\n"))
    share = os.path.join(d, "share")
    _host(share, "a", audit=odd)
    _host(share, "esc\x1b]0;pwned\x07")
    return share


def overlap_names(d):
    """The same audit log twice, one copy named with ESC, CR and LF."""
    logs = os.path.join(d, "logs")
    os.makedirs(logs)
    write(logs, "audit.log", BEFORE + WEBSHELL)
    write(logs, "audit.log.\x1b[2J\r\nFAKE", BEFORE + WEBSHELL)
    return logs


def planted_dirs(d, owner=33):
    """Two directories a web user made under var/log, each with files
    that read as an audit log and an access log: they must not split
    the host, whose ties would be lost."""
    root = _host(d)
    fake_audit = syscall(700000, 700001, 1)
    fake_access = _read("nginx", "access.log").split(b"\n")[0] + b"\n"
    for sub in ("a", "b"):
        p = os.path.join(root, "var/log", sub)
        os.makedirs(p)
        for name, data in (("audit.log", fake_audit), ("access.log", fake_access)):
            os.chown(write(p, name, data), owner, owner)
        os.chown(p, owner, owner)
    return root


def planted_dirs_copied(d):
    """The same, copied by an analyst who kept no owners."""
    return planted_dirs(d, owner=0)


def backtrack_format(d):
    """Lines built to make a format of adjacent numbers backtrack
    ($msec$msec...: every way to split 500 digits in six is tried)."""
    return write(d, "access.log", _read("nginx", "access.log") +
                 (b"1" * 500 + b"-\n") * 400)


def huge_conf(d):
    """A 400 KB gzip that inflates to a 400 MB nginx.conf of comments."""
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"#\n" * (1 << 19)
    data = b"".join(z.compress(chunk) for _ in range(400)) + z.flush()
    return write(d, "nginx.conf.gz", data)


def silences(d):
    """Audit records three a minute in minutes 0, 1, 10 (read last, out
    of order) and 60 to 120; requests every 5 minutes to minute 60, then
    at 119 and 120.  Two silences of 30 minutes or more: the audit log's
    from minute 11 to 60, the web log's from 61 to 119."""
    t0, serial, audit = 1795755600, 100, []
    for m in list(range(0, 2)) + list(range(60, 121)) + [10]:
        for ms in (0, 20000, 59999):
            serial += 1
            t = (t0 + m * 60) * 1000 + ms
            audit.append(
                f"type=SYSCALL msg=audit({t // 1000}.{t % 1000:03d}:{serial}): "
                f"arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c "
                f"a1=55 a2=0 a3=0 items=1 ppid=1 pid=100 auid=4294967295 "
                f"uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 "
                f"fsgid=33 tty=(none) ses=4294967295 comm=\"php-fpm8.2\" "
                f"exe=\"/usr/sbin/php-fpm8.2\" key=\"k\"\n")
    write(d, "audit.log", "".join(audit).encode())
    tz = datetime.timezone(datetime.timedelta(hours=-5))
    access = []
    for m in list(range(0, 61, 5)) + [119, 120]:
        when = datetime.datetime.fromtimestamp(t0 + m * 60 + 7, tz)
        access.append(f'127.0.0.1 - - [{when:%d/%b/%Y:%H:%M:%S %z}] '
                      f'"GET /index.html HTTP/1.1" 200 52 "-" "curl/8.0"\n')
    write(d, "access.log", "".join(access).encode())
    return d


GENERATORS = {f.__name__: f for f in SMALL + [
    truncated_gzip, gzip_bomb, gzip_bomb_dir, binary_junk, ten_mb_line,
    interleaved, many_pids, deep_chain, web_churn, dir_oddities, many_files,
    rules_backtrack, archive_bomb, archive_names, archive_truncated,
    forged_range, ua_forge, output_names, gzip_members_boundary, sparse_argv,
    pending_flood, archive_many, archive_many_gz, archive_many_zip,
    repeated_command, burst_time, contains_burst, same_second, host_names, overlap_names,
    planted_dirs, planted_dirs_copied, backtrack_format, huge_conf,
    silences]}


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "cases")
    os.makedirs(out, exist_ok=True)
    for write in SMALL:
        write(out)
