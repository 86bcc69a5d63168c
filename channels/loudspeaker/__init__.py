"""Commune loudspeakers: read-aloud exports attached to communes, and what operators broadcast."""
