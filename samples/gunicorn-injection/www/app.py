import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return "<h1>Toolbox</h1>\n"


@app.route("/tools/ping")
def ping():
    return "<pre>%s</pre>" % subprocess.getoutput(
        "getent hosts " + request.args.get("host", "localhost"))


@app.route("/tools/filetype")
def filetype():
    name = request.args.get("name", "uploads/readme.txt")
    return subprocess.run(["/usr/bin/file", "-b", name],
                          capture_output=True, text=True).stdout
