"""A generic JSON webhook: POST to create, PUT to update, DELETE to withdraw, GET to reconcile."""
