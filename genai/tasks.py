"""Generative AI's background work: completing an emulated Amazon Q request once its emulated
duration has passed (queued by ``amazon_q_request_start`` with a countdown)."""

from celery import shared_task

from genai.services import COMPLETE_TASK
from genai.services import amazon_q_request_complete as complete


@shared_task(name=COMPLETE_TASK, ignore_result=True)
def amazon_q_request_complete(request_id: int) -> bool:
    return complete(request_id=request_id)
