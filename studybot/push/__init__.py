"""Daily pushes: the planner that claims due learners in the database, and the delivery interface."""
