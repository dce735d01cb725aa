import os

# read at runtime: not secrets
SFTP_PASSWORD = os.environ.get("SFTP_PASSWORD", "changeme")
SFTP_KEY_PATH = "/opt/keys/sftp.pem"


def upload(body, token):
    return {"bytes": len(body), "auth": bool(token)}
