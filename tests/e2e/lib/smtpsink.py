"""An SMTP sink for the tests: aiosmtpd's handler class that writes each
message it receives, as received, to DIR/msg.N (envelope recipients in
DIR/msg.N.rcpt), N counting from 1.  Run as
    PYTHONPATH=tests/e2e/lib python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
        -c smtpsink.Sink DIR
"""
import os


class Sink:
    def __init__(self, directory):
        self.dir = directory
        self.n = 0

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("smtpsink.Sink takes one directory")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.dir, "msg.%d" % self.n)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".tmp", base)      # a message appears whole
        return "250 OK"
