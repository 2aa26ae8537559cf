"""Gunicorn settings for tipnet: ``gunicorn -c python:tipnet.gunicorn_conf tipnet.wsgi``.

Searches are GET requests, so the query string carries names and identity numbers; gunicorn's
default access log line has the whole request line (``%(r)s``) and the referer (``%(f)s``,
the previous page's query). tipnet's line has the method and the path only, the status, the
size and the time taken: enough to see load and errors, nothing about who was looked for.
"""

# client address, time, method, path without the query, status, bytes, milliseconds
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


# A password reset link carries a one-use token in its path: the log shows that a link was
# opened, never the token (whoever reads the log could otherwise set the password).
REDACTED_PREFIXES = ("/accounts/password/reset/",)


def _redacting_logger() -> type:
    from gunicorn.glogging import Logger  # type: ignore[import-untyped]

    class RedactingLogger(Logger):
        def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
            atoms = super().atoms(resp, req, environ, request_time)
            path = atoms.get("U", "")
            for prefix in REDACTED_PREFIXES:
                if path.startswith(prefix):
                    atoms["U"] = prefix + "…"
            return atoms

    return RedactingLogger


logger_class = _redacting_logger()
