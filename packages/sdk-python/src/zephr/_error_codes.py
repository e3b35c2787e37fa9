# Generated from protocol/errors.json by protocol/tools/generate.ts. Do not edit by hand.
"""Every error code Zephr uses: wire codes travel in the HTTP envelope, local ones never do."""

from __future__ import annotations

from typing import Final

#: Wire code -> (HTTP status, default message).
WIRE_ERRORS: Final[dict[str, tuple[int, str]]] = {
    "INVALID_REQUEST_BODY": (400, "Request body must be a JSON object"),
    "MISSING_ENCRYPTED_BLOB": (400, "encrypted_blob is required"),
    "INVALID_ENCRYPTED_BLOB_TYPE": (400, "encrypted_blob must be a string"),
    "INVALID_ENCRYPTED_BLOB_ENCODING": (400, "encrypted_blob must be unpadded canonical base64url"),
    "INVALID_ENCRYPTED_BLOB_FORMAT": (400, "encrypted_blob must decode to {\"iv\",\"ciphertext\"} JSON"),
    "INVALID_IV_LENGTH": (400, "iv must decode to exactly 12 bytes"),
    "INVALID_CIPHERTEXT_LENGTH": (400, "ciphertext must decode to at least 17 bytes (1 byte of data and the 16-byte tag)"),
    "MISSING_EXPIRY": (400, "expiry is required"),
    "INVALID_EXPIRY": (400, "expiry must be one of 5, 15, 30, 60, 1440, 10080, 43200 minutes"),
    "INVALID_SPLIT_URL_MODE": (400, "split_url_mode must be a boolean"),
    "INVALID_HINT": (400, "hint must be 1-128 printable ASCII characters"),
    "INVALID_CALLBACK_URL_TYPE": (400, "callback_url must be a string"),
    "INVALID_CALLBACK_URL_FORMAT": (400, "callback_url must be an absolute URL"),
    "INVALID_CALLBACK_URL_PROTOCOL": (400, "callback_url must use https"),
    "INVALID_CALLBACK_URL_LENGTH": (400, "callback_url must be at most 2048 characters"),
    "MISSING_CALLBACK_SECRET": (400, "callback_secret is required with callback_url"),
    "UNEXPECTED_CALLBACK_SECRET": (400, "callback_secret is only allowed with callback_url"),
    "INVALID_CALLBACK_SECRET_TYPE": (400, "callback_secret must be a string"),
    "INVALID_CALLBACK_SECRET_LENGTH": (400, "callback_secret must be 1-256 characters"),
    "INVALID_IDEMPOTENCY_KEY": (400, "Idempotency-Key must be 1-64 characters of [A-Za-z0-9-]"),
    "INVALID_API_KEY": (401, "Invalid or revoked API key"),
    "UPGRADE_REQUIRED": (403, "This request requires a higher tier"),
    "NOT_FOUND": (404, "Not found"),
    "SECRET_NOT_FOUND": (404, "Secret not found"),
    "METHOD_NOT_ALLOWED": (405, "Method not allowed"),
    "SECRET_ALREADY_CONSUMED": (410, "Secret has already been consumed"),
    "SECRET_EXPIRED": (410, "Secret has expired"),
    "PAYLOAD_TOO_LARGE": (413, "Encrypted blob exceeds the size limit for this tier"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "Content-Type must be application/json"),
    "ANON_RATE_LIMIT_EXCEEDED": (429, "Anonymous daily limit reached"),
    "MONTHLY_LIMIT_EXCEEDED": (429, "Monthly create limit reached for this API key"),
    "RATE_LIMIT_EXCEEDED": (429, "Too many requests"),
    "INTERNAL_ERROR": (500, "Internal server error"),
    "SERVICE_UNAVAILABLE": (503, "Service unavailable"),
}

#: Local code -> (exception class name, default message).
LOCAL_ERRORS: Final[dict[str, tuple[str, str]]] = {
    "INVALID_BASE64URL": ("ValidationError", "Value is not unpadded canonical base64url"),
    "INVALID_BLOB": ("ValidationError", "Encrypted blob is malformed"),
    "INVALID_IV": ("ValidationError", "IV must be 12 bytes"),
    "INVALID_CIPHERTEXT": ("ValidationError", "Ciphertext must be at least 17 bytes"),
    "INVALID_KEY": ("ValidationError", "Key must be v1. followed by 43 base64url characters"),
    "INVALID_LINK": ("ValidationError", "Link is not a Zephr secret link"),
    "INVALID_INPUT": ("ValidationError", "Invalid input"),
    "INVALID_RESPONSE": ("ApiError", "Server returned an unexpected response"),
    "ENCRYPTION_FAILED": ("EncryptionError", "Encryption failed"),
    "DECRYPTION_FAILED": ("EncryptionError", "Decryption failed: wrong key or tampered data"),
    "INVALID_PLAINTEXT": ("EncryptionError", "Decrypted data is not valid UTF-8"),
    "NETWORK_ERROR": ("NetworkError", "Could not reach the Zephr server"),
    "TIMEOUT": ("NetworkError", "Request timed out"),
}
