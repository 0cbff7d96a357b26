"""What scripts/bench.sh measures intake against: Python's standard library merely
parsing every message of an mbox (mailbox, then email.message_from_bytes with
email.policy.default, walking the parts and decoding their payloads), the least any
script reading contact@wesmond.com's mailbox does before it can look at a request.
Prints the number of messages."""
import email
import email.policy
import mailbox
import sys

box = mailbox.mbox(sys.argv[1], create=False)
count = 0
for key in box.iterkeys():
    message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() == "text":
            part.get_content()  # transfer encoding and charset decoded to text
        else:
            part.get_payload(decode=True)
    count += 1
print(count)
