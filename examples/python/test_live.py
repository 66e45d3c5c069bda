#!/usr/bin/env python3
"""Runs the client against a live stack (deploy/e2e.sh starts one): submit, follow the
analysis stream, read the query view, ask for a tension series.

    BRINK_INGEST_URL=... .venv/bin/python -m unittest test_live -v
"""

import unittest
import uuid

import grpc

from brink_client import Brink, DEMO_BODY, DEMO_TITLE


class LiveStack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.brink = Brink()
        # A marker keeps the text unique, so reruns against one stack are not duplicates.
        cls.marker = uuid.uuid4().hex[:12]
        cls.body = f"{DEMO_BODY}\n\nFiled under reference {cls.marker}."
        cls.accepted = cls.brink.submit(DEMO_TITLE, cls.body, published_at="2024-03-05T09:00:00Z")

    def test_submit_is_stored_once(self):
        self.assertTrue(self.accepted.id.startswith("art-"))
        again = self.brink.submit(DEMO_TITLE, self.body, published_at="2024-03-05T09:00:00Z")
        self.assertTrue(again.duplicate)
        self.assertEqual((again.id, again.offset), (self.accepted.id, self.accepted.offset))

    def test_analysis_stream_carries_the_article(self):
        record = self.brink.follow(self.accepted.id, timeout=60)
        self.assertEqual(record.analysis.article_id, self.accepted.id)
        self.assertIn(self.marker, record.article.body)
        codes = {actor.country for actor in record.analysis.actors}
        self.assertTrue({"EST", "RUS"} <= codes, codes)

    def test_query_view_and_tension(self):
        view = self.brink.article_view(self.accepted.id, timeout=60)
        self.assertEqual(view.article.id, self.accepted.id)
        self.assertEqual(view.analysis.article_id, self.accepted.id)
        series = self.brink.tension("EST", "RUS", "day")
        days = [bucket.start for bucket in series.buckets]
        self.assertEqual(days, sorted(days))
        self.assertTrue(all(len(day) == 10 for day in days), days)
        # The article's accusation falls on its publication day.
        day = self.brink.tension("EST", "RUS", "day", start="2024-03-05", end="2024-03-05")
        self.assertEqual([bucket.start for bucket in day.buckets], ["2024-03-05"])
        self.assertGreaterEqual(day.buckets[0].combined.events, 1)

    def test_bad_input_is_invalid_argument(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.brink.submit("empty", "")
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("body", raised.exception.details())


if __name__ == "__main__":
    unittest.main()
