"""Reads a SIPp -trace_msg file of the fraud burst (bench/fraud/run.sh) and prints one table row:
answered calls, refused calls, seconds from the first INVITE to the threshold INVITE, from the threshold
INVITE to its 403, and from the threshold INVITE to the first 403 seen at all.
The threshold INVITE is the authenticated INVITE the SIP core counted over the limit: the one of the
first call refused with "Outbound Calls Blocked" (the SIP core refuses exactly the call that crosses)."""
import re
import sys
from datetime import datetime

path, limit = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="latin-1").read()
blocks = re.split(r"^-{20,} (\S+\s+\S+)\n", text, flags=re.M)
events = []  # (time, direction, call-id, first line, cseq)
for i in range(1, len(blocks) - 1, 2):
    stamp, body = blocks[i], blocks[i + 1]
    when = datetime.strptime(stamp.replace("\t", " "), "%Y-%m-%d %H:%M:%S.%f")
    direction = "sent" if "message sent" in body.split("\n", 1)[0] else "recv"
    msg = body.split("\n\n", 1)[1] if "\n\n" in body else body
    first = msg.strip().split("\n", 1)[0].strip()
    callid = re.search(r"^Call-ID:\s*(\S+)", msg, re.M | re.I)
    cseq = re.search(r"^CSeq:\s*(\d+)\s+(\w+)", msg, re.M | re.I)
    events.append((when, direction, callid.group(1) if callid else "", first, cseq.groups() if cseq else ("", "")))

invites = [e for e in events if e[1] == "sent" and e[3].startswith("INVITE")]
auth_invites = {e[2]: e[0] for e in invites if e[4][0] == "2"}
answered = {e[2] for e in events if e[1] == "recv" and e[3].startswith("SIP/2.0 200") and e[4][1] == "INVITE"}
blocked = [e for e in events if e[1] == "recv" and e[3].startswith("SIP/2.0 403") and "Blocked" in e[3]]
if not blocked:
    print(f"| {len(answered)} | 0 | - | - | - |")
    sys.exit(0)
first_blocked = blocked[0]
threshold_call = min(blocked, key=lambda e: auth_invites.get(e[2], e[0]))
t_threshold = auth_invites[threshold_call[2]]
own_403 = threshold_call[0]
start = invites[0][0]
print(f"| {len(answered)} | {len({e[2] for e in blocked})} | {(t_threshold - start).total_seconds():.3f} | "
      f"{(own_403 - t_threshold).total_seconds():.4f} | {(first_blocked[0] - t_threshold).total_seconds():.4f} |")
