"""The numbers that decide between answering, asking and "not understood".

Calibrated on the development part of the real-question set (``tests/eval/dev.yml``)
with ``python -m scripts.calibrate``; never on the test part.
"""

# A search hit at or above this score answers the message, whatever intent the
# classifier guessed (BM25 over the knowledge base, see assistant/knowledge/search.py).
GOOD_SEARCH_SCORE = 2.5
# ... and, unless the question names it, shares at least this many of its words.
MIN_MATCHED_WORDS = 2
# A message of at least MIN_WORDS_TO_OFFER content words whose first hit scores at least
# OFFER_SEARCH_SCORE (but not well enough to answer) gets the hits as a question:
# "Ik weet niet zeker wat je bedoelt. Gaat het om een van deze?"
OFFER_SEARCH_SCORE = 2.0
MIN_WORDS_TO_OFFER = 3
# The first hit is explained right away when it scores this many times the second;
# otherwise the best three are listed to choose from.
DOMINANT_RATIO = 1.5
# The response that asks "Had je hier iets aan?": a short answer to it is feedback.
FEEDBACK_QUESTION = "utter_feedback_vraag"
