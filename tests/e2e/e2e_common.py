"""Helpers shared by the end-to-end scripts: pass/fail reporting and user creation through the
Synapse-compatible shared-secret admin API (nonce + HMAC-SHA1 MAC)."""
import hashlib
import hmac
import json
import sys
import urllib.request


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message)


def register(homeserver, secret, username, password):
    url = homeserver.rstrip("/") + "/_synapse/admin/v1/register"
    with urllib.request.urlopen(url) as response:
        nonce = json.load(response)["nonce"]
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha1)
    for part in (nonce, username, password, "notadmin"):
        mac.update(part.encode())
        if part != "notadmin":
            mac.update(b"\x00")
    body = json.dumps({"nonce": nonce, "username": username, "password": password,
                       "admin": False, "mac": mac.hexdigest()}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["user_id"]
