"""Understanding a message in its conversation: retrieval first, intents that act only
on evidence, yes and no heard after every question (see ``reading``)."""
