"""Input formats: how an item is cut into the text units the model translates and put back."""
