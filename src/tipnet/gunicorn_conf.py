"""Gunicorn settings for tipnet: ``gunicorn -c python:tipnet.gunicorn_conf tipnet.wsgi``.

Searches are GET requests, so the query string carries names and identity numbers; gunicorn's
default access log line has the whole request line (``%(r)s``) and the referer (``%(f)s``,
the previous page's query). tipnet's line has the method and the path only, the status, the
size and the time taken: enough to see load and errors, nothing about who was looked for.
"""

# client address, time, method, path without the query, status, bytes, milliseconds
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
