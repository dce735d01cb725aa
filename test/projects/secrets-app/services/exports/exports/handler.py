import os

import boto3

from sftp import upload

BUCKET = os.environ["EXPORT_BUCKET"]
PARTNER_TOKEN = "Tq4Zp8Wm2Rx6Kv9Nb3Ls7Hd" # expect: secrets/no-hardcoded-secret


def main(event, context):
    body = boto3.client("s3").get_object(Bucket=BUCKET, Key="daily.csv")["Body"].read()
    return upload(body, token=PARTNER_TOKEN)
