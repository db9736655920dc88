"""Log records as JSON lines (LOG_FORMAT=json), for a log collector that reads one object per line.

Each line holds the time (UTC, ISO 8601), level, logger, the request id (portal/request_id.py), the message and,
when there is one, the traceback. The handler's filters have already run: the message and traceback are the
redacted ones (portal/log_redaction.py), never the raw record's arguments.
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
