"""The course's evaluation as LMS questions: one format-neutral list of items
(:mod:`.items`), written as Moodle XML (:mod:`.moodle`) or GIFT (:mod:`.gift`) by the
two quiz writers, so both files hold the same questions, answers and feedback."""
