"""Quizzes: item banks and forms from the pack, delivery, and pure scoring."""
