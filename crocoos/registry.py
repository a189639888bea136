"""A list of functions other apps plug in (retention handlers, right-of-access collectors)."""


class FunctionRegistry:
    def __init__(self):
        self._functions = []

    def register(self, function):
        """Add `function` once; usable as a decorator."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def unregister(self, function):
        if function in self._functions:
            self._functions.remove(function)

    def __iter__(self):
        return iter(list(self._functions))
