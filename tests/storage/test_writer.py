"""SQLite's writer thread (storage/writer.py): batches of what one loop turn asked for, results and errors
back to each caller, nothing run for a caller who left, and an early hand-back within a long batch."""

from __future__ import annotations

import asyncio
import threading

import pytest

from studybot.storage import writer
from studybot.storage.writer import BatchedWriter


async def test_each_caller_gets_its_own_result_or_error_in_order_of_asking() -> None:
    batched = BatchedWriter("test-writer")
    ran: list[tuple[int, str]] = []

    def job(n: int) -> int:
        ran.append((n, threading.current_thread().name))
        if n == 2:
            raise ValueError("two")
        return n * 10

    results = await asyncio.gather(*(batched.submit(lambda n=n: job(n)) for n in range(4)), return_exceptions=True)
    batched.shutdown()
    assert results[:2] == [0, 10]
    assert results[3] == 30
    assert isinstance(results[2], ValueError)
    assert [n for n, _thread in ran] == [0, 1, 2, 3]  # one thread, in the order asked
    assert len({thread for _n, thread in ran}) == 1
    assert ran[0][1].startswith("test-writer")


async def test_a_caller_who_stopped_waiting_before_its_turn_is_not_run() -> None:
    batched = BatchedWriter("test-writer")
    release, ran = threading.Event(), []
    first = batched.submit(lambda: release.wait(5))
    await asyncio.sleep(0)  # the first batch leaves with the first job only
    second = batched.submit(lambda: ran.append("second"))
    await asyncio.sleep(0)
    second.cancel()
    release.set()
    assert await first is True
    batched.shutdown()
    assert ran == []


async def test_a_long_batch_hands_back_what_it_has_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "DELIVER_EVERY_S", 0.0)  # hand back after every job
    batched = BatchedWriter("test-writer")
    first_back = threading.Event()
    first = batched.submit(lambda: "first")
    slow = batched.submit(lambda: first_back.wait(5))  # same batch: it waits until the first is back
    assert await first == "first"
    first_back.set()
    assert await slow is True  # not False: the first result came back while the batch was still running
    batched.shutdown()


async def test_asking_after_shutdown_fails_at_once() -> None:
    batched = BatchedWriter("test-writer")
    batched.shutdown()
    with pytest.raises(RuntimeError):
        await batched.submit(lambda: None)


def test_two_event_loops_share_the_thread_and_each_gets_its_results() -> None:
    batched = BatchedWriter("test-writer")
    results: dict[int, list[int]] = {}

    def loop_in_thread(k: int) -> None:
        async def main() -> list[int]:
            return list(await asyncio.gather(*(batched.submit(lambda n=n: k * 100 + n) for n in range(50))))

        results[k] = asyncio.run(main())

    threads = [threading.Thread(target=loop_in_thread, args=(k,)) for k in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    batched.shutdown()
    assert results == {1: [100 + n for n in range(50)], 2: [200 + n for n in range(50)]}
