"""An independent AWS4-X509 signer for Rolegate's verifier: botocore's SigV4 canonical request
(not Rolegate's), the Roles Anywhere string to sign, and the signature from `cryptography`.
Reads a JSON job on stdin, prints the signed request's headers as JSON."""
import base64
import hashlib
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import load_der_x509_certificate

job = json.load(sys.stdin)
leaf_der = base64.b64decode(job["leaf"])
key = serialization.load_pem_private_key(job["key"].encode(), password=None)
algorithm = "AWS4-X509-RSA-SHA256" if isinstance(key, rsa.RSAPrivateKey) else "AWS4-X509-ECDSA-SHA256"
headers = {"Content-Type": "application/json", "X-Amz-Date": job["amzDate"], "X-Amz-X509": job["leaf"]}
if job["chain"]:
    headers["X-Amz-X509-Chain"] = ",".join(job["chain"])
request = AWSRequest(method="POST", url="http://" + job["host"] + "/sessions", data=job["body"].encode(), headers=headers)
# SigV4Auth computes the canonical request only; no credentials are used.
auth = SigV4Auth(None, "rolesanywhere", job["region"])
canonical = auth.canonical_request(request)
signed_headers = auth.signed_headers(auth.headers_to_sign(request))
scope = job["amzDate"][:8] + "/" + job["region"] + "/rolesanywhere/aws4_request"
string_to_sign = "\n".join([algorithm, job["amzDate"], scope, hashlib.sha256(canonical.encode()).hexdigest()])
if algorithm.startswith("AWS4-X509-RSA"):
    signature = key.sign(string_to_sign.encode(), padding.PKCS1v15(), hashes.SHA256())
else:
    signature = key.sign(string_to_sign.encode(), ec.ECDSA(hashes.SHA256()))
serial = load_der_x509_certificate(leaf_der).serial_number
out = {name.lower(): value for name, value in request.headers.items()}
out["host"] = job["host"]
out["authorization"] = "%s Credential=%d/%s, SignedHeaders=%s, Signature=%s" % (algorithm, serial, scope, signed_headers, signature.hex())
print(json.dumps(out))
