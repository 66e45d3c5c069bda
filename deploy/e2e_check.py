#!/usr/bin/env python3
"""Steps of deploy/e2e.sh that talk to the stack, using examples/python's client.

    e2e_check.py submit FIRST COUNT   submit articles FIRST..FIRST+COUNT-1 (all new)
    e2e_check.py status               print each service's record count and log head
    e2e_check.py verify TOTAL         wait until every article 0..TOTAL-1 reached query, then
                                      check nothing was lost or duplicated on the way

Articles are generated from an index, so verify can name them again without shared state.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                                "python"))

import grpc  # noqa: E402

from brink_client import Brink  # noqa: E402  (puts the generated stubs on the path)
from brink.v1 import common_pb2, query_pb2  # noqa: E402

PAIRS = [
    ("Russia", "Ukraine", "accused {b} of shelling border villages and threatened to retaliate"),
    ("China", "Japan", "protested to {b} over a coast guard patrol near disputed islands"),
    ("India", "Pakistan", "agreed with {b} to reopen talks on water sharing"),
    ("Iran", "Israel", "warned {b} that any strike would be met with force"),
    ("France", "Germany", "signed a defence cooperation agreement with {b}"),
    ("Turkey", "Greece", "criticised {b} for deploying troops on islands in the Aegean"),
]


def article(index):
    a, b, action = PAIRS[index % len(PAIRS)]
    day = 1 + index % 28
    title = f"{a} and {b}: dispatch {index}"
    body = (f"{a} on Monday {action.format(b=b)}, officials said.\n\n"
            f"The statement came after a week of talks. This is dispatch number {index} "
            f"of the test series.")
    return title, body, f"2024-02-{day:02d}T08:00:00Z"


def submit(brink, first, count):
    for index in range(first, first + count):
        title, body, published = article(index)
        accepted = brink.submit(title, body, published_at=published,
                                url=f"https://news.example.org/dispatch/{index}",
                                source="e2e")
        if accepted.duplicate:
            raise AssertionError(f"article {index} reported as duplicate of {accepted.id}")
    print(f"submitted articles {first}..{first + count - 1}")


def status(stub):
    return stub.GetStatus(common_pb2.GetStatusRequest(), timeout=5)


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
            if value is True:
                return
        except grpc.RpcError as error:
            value = f"{error.code().name}: {error.details()}"
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last: {value}")
        time.sleep(0.5)


def all_events(brink):
    """Every event in the query service, following page tokens."""
    events, token = [], ""
    while True:
        page = brink.query.SearchEvents(
            query_pb2.SearchEventsRequest(page_size=100, page_token=token), timeout=10)
        events.extend(hit.event.id for hit in page.events)
        token = page.next_page_token
        if not token:
            return events


def verify(brink, total, timeout):
    ids = []
    for index in range(total):
        title, body, published = article(index)
        again = brink.submit(title, body, published_at=published,
                             url=f"https://news.example.org/dispatch/{index}", source="e2e")
        if not again.duplicate:
            raise AssertionError(f"article {index} was not stored before (got {again.id})")
        ids.append(again.id)
    if len(set(ids)) != total:
        raise AssertionError(f"{total} articles map to {len(set(ids))} ids")

    def indexed():
        records = status(brink.query).records
        return True if records >= total else f"query has {records} of {total}"

    wait_for("query to index every article", indexed, timeout)
    ingest, analysis, query = status(brink.ingest), status(brink.analysis), status(brink.query)
    print(f"ingest records={ingest.records} head={ingest.log_head}; "
          f"analysis records={analysis.records} head={analysis.log_head}; "
          f"query records={query.records}")
    expect = {"ingest records": (ingest.records, total), "ingest log": (ingest.log_head, total),
              "analysis records": (analysis.records, total),
              "analysis log": (analysis.log_head, total), "query records": (query.records, total)}
    wrong = {name: got for name, (got, want) in expect.items() if got != want}
    if wrong:
        raise AssertionError(f"expected {total} everywhere, got {wrong}")

    per_article = 0
    for article_id in ids:
        view = brink.article_view(article_id, timeout=5)
        if view.analysis.article_id != article_id:
            raise AssertionError(f"query view of {article_id} lacks its analysis")
        events = brink.query.SearchEvents(
            query_pb2.SearchEventsRequest(article_id=article_id, page_size=1000), timeout=10)
        event_ids = [hit.event.id for hit in events.events]
        if len(event_ids) != len(set(event_ids)):
            raise AssertionError(f"duplicate events for {article_id}: {event_ids}")
        if any(not event_id.startswith(article_id + "/") for event_id in event_ids):
            raise AssertionError(f"foreign events listed for {article_id}: {event_ids}")
        per_article += len(event_ids)
    listed = all_events(brink)
    if len(listed) != len(set(listed)) or len(listed) != per_article:
        raise AssertionError(f"event listing has {len(listed)} rows, {len(set(listed))} distinct,"
                             f" per-article total {per_article}")
    print(f"verified {total} articles and {per_article} events: none lost, none duplicated")


def main(argv):
    brink = Brink()
    if len(argv) == 3 and argv[0] == "submit":
        submit(brink, int(argv[1]), int(argv[2]))
    elif argv == ["status"]:
        for name in ("ingest", "analysis", "query"):
            reply = status(getattr(brink, name))
            print(f"{name}: records={reply.records} log_head={reply.log_head}")
    elif len(argv) == 2 and argv[0] == "verify":
        verify(brink, int(argv[1]), float(os.environ.get("BRINK_E2E_TIMEOUT", "120")))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
