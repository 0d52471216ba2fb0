from __future__ import annotations

from documents.memo import Memo


def test_the_memo_keeps_results_not_failures_and_only_when_switched_on(settings):
    calls: list[bytes] = []

    def work(data: bytes, result: str | None):
        return lambda: calls.append(data) or result

    memo: Memo[str] = Memo(size=2)
    assert memo.get(b"a", work(b"a", "A")) == "A"
    assert memo.get(b"a", work(b"a", "other")) == "A"
    assert memo.get(b"bad", work(b"bad", None)) is None
    assert memo.get(b"bad", work(b"bad", None)) is None
    assert calls == [b"a", b"bad", b"bad"]
    settings.DOCUMENTS_MEMOIZE = False
    assert memo.get(b"a", work(b"a", "fresh")) == "fresh"
