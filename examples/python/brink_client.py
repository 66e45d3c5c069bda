#!/usr/bin/env python3
"""A small Brink client: submit an article, follow the analysis stream until it has been
analysed, and ask the query service for the tension between two actors.

Run ./setup.sh once (virtualenv + stubs generated from proto/), then:

    .venv/bin/python brink_client.py demo
    .venv/bin/python brink_client.py submit article.txt      # first line title, rest body
    .venv/bin/python brink_client.py follow ART_ID
    .venv/bin/python brink_client.py tension RUS UKR --bucket week

Endpoints come from BRINK_INGEST_URL, BRINK_ANALYSIS_URL and BRINK_QUERY_URL (the same
variables the brink CLI reads), defaulting to 127.0.0.1:50051/50052/50053. When the services
require tokens, BRINK_TOKEN is sent with every call, as the brink CLI sends it.
"""

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "generated"))

import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

from brink.v1 import analysis_pb2, analysis_pb2_grpc  # noqa: E402
from brink.v1 import common_pb2  # noqa: E402
from brink.v1 import ingest_pb2, ingest_pb2_grpc  # noqa: E402
from brink.v1 import query_pb2, query_pb2_grpc  # noqa: E402


def target(url):
    """grpcio wants host:port; the Brink tools take http:// URLs."""
    for scheme in ("http://", "https://"):
        if url.startswith(scheme):
            url = url[len(scheme):]
    return url.rstrip("/")


class _CallDetails(
        collections.namedtuple(
            "_CallDetails",
            ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class _Bearer(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor,
              grpc.StreamUnaryClientInterceptor, grpc.StreamStreamClientInterceptor):
    """Adds `authorization: Bearer <token>` to every call."""

    def __init__(self, token):
        self.header = ("authorization", f"Bearer {token}")

    def _intercept(self, continuation, details, request):
        details = _CallDetails(
            details.method, details.timeout, list(details.metadata or []) + [self.header],
            details.credentials, details.wait_for_ready, details.compression)
        return continuation(details, request)

    intercept_unary_unary = intercept_unary_stream = _intercept
    intercept_stream_unary = intercept_stream_stream = _intercept


def channel(url):
    """A channel to url that sends BRINK_TOKEN, when set, with every call."""
    plain = grpc.insecure_channel(target(url))
    token = os.environ.get("BRINK_TOKEN")
    return grpc.intercept_channel(plain, _Bearer(token)) if token else plain


class Brink:
    """Stubs for the three services, one channel each."""

    def __init__(self, ingest=None, analysis=None, query=None):
        env = os.environ.get
        self.ingest = ingest_pb2_grpc.IngestServiceStub(
            channel(ingest or env("BRINK_INGEST_URL", "127.0.0.1:50051")))
        self.analysis = analysis_pb2_grpc.AnalysisServiceStub(
            channel(analysis or env("BRINK_ANALYSIS_URL", "127.0.0.1:50052")))
        self.query = query_pb2_grpc.QueryServiceStub(
            channel(query or env("BRINK_QUERY_URL", "127.0.0.1:50053")))

    def submit(self, title, body, published_at="", url="", source="", timeout=10):
        request = ingest_pb2.SubmitArticleRequest(
            title=title, body=body, published_at=published_at, url=url, source=source)
        return self.ingest.SubmitArticle(request, timeout=timeout)

    def follow(self, article_id, from_offset=0, timeout=60):
        """Reads the analysis change log until the entry for article_id arrives."""
        request = common_pb2.SubscribeRequest(from_offset=from_offset)
        stream = self.analysis.Subscribe(request, timeout=timeout)
        try:
            for record in stream:
                if record.article.id == article_id:
                    return record
        finally:
            stream.cancel()
        raise TimeoutError(f"analysis stream ended before {article_id}")

    def article_view(self, article_id, timeout=60):
        """The query service's view of an article, waiting while it is still on its way."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.query.GetArticle(
                    query_pb2.QueryGetArticleRequest(id=article_id), timeout=5)
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.NOT_FOUND or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def tension(self, actor_a, actor_b, bucket="day", start="", end="", timeout=10):
        sizes = {"day": query_pb2.BUCKET_SIZE_DAY, "week": query_pb2.BUCKET_SIZE_WEEK,
                 "month": query_pb2.BUCKET_SIZE_MONTH}
        request = query_pb2.GetTensionRequest(
            actor_a=actor_a, actor_b=actor_b, bucket=sizes[bucket], to=end)
        setattr(request, "from", start)  # `from` is a Python keyword
        return self.query.GetTension(request, timeout=timeout)


DEMO_TITLE = "Baltic states and Russia trade warnings after airspace violation"
DEMO_BODY = (
    "Estonia accused Russia on Tuesday of violating its airspace with two military jets, "
    "and the foreign ministry in Tallinn summoned the Russian ambassador.\n\n"
    "Moscow denied the accusation and warned that it would respond to any provocation. "
    "Lithuania and Latvia said they supported Estonia and called for calm.")


def read_article(path):
    with open(path, encoding="utf-8") as file:
        title, _, body = file.read().partition("\n")
    return title.strip(), body.strip()


def as_json(message):
    return json_format.MessageToJson(message, indent=None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    submit = commands.add_parser("submit", help="submit an article file")
    submit.add_argument("path")
    submit.add_argument("--published-at", default="")
    follow = commands.add_parser("follow", help="wait for an article's analysis")
    follow.add_argument("article_id")
    tension = commands.add_parser("tension", help="tension series between two actors")
    tension.add_argument("actor_a")
    tension.add_argument("actor_b")
    tension.add_argument("--bucket", choices=["day", "week", "month"], default="day")
    tension.add_argument("--from", dest="start", default="")
    tension.add_argument("--to", dest="end", default="")
    commands.add_parser("demo", help="submit a built-in article and follow it to the end")
    args = parser.parse_args(argv)

    brink = Brink()
    if args.command == "submit":
        title, body = read_article(args.path)
        print(as_json(brink.submit(title, body, published_at=args.published_at)))
    elif args.command == "follow":
        print(as_json(brink.follow(args.article_id).analysis))
    elif args.command == "tension":
        print(as_json(brink.tension(args.actor_a, args.actor_b, args.bucket, args.start, args.end)))
    else:
        accepted = brink.submit(DEMO_TITLE, DEMO_BODY, published_at="2024-03-05T09:00:00Z")
        print(f"submitted {accepted.id} at offset {accepted.offset}")
        record = brink.follow(accepted.id)
        for event in record.analysis.events:
            print(f"event {event.cameo_code} {event.source.code} -> {event.target.code}: "
                  f"{event.label}")
        brink.article_view(accepted.id)
        series = brink.tension("EST", "RUS", "day")
        for bucket in series.buckets:
            print(f"{bucket.start} events={bucket.combined.events} "
                  f"goldstein_mean={bucket.combined.goldstein_mean:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
