"""lambdacost: cost and capacity planning for AWS Lambda.

The package is layered: :mod:`lambdacost.units` parses quantities,
:mod:`lambdacost.loader` reads and validates files into the pydantic models of
:mod:`lambdacost.models` and :mod:`lambdacost.pricing`, :mod:`lambdacost.engine`
prices numpy arrays, :mod:`lambdacost.render` turns results into output and
:mod:`lambdacost.cli` wires them to the command line.
"""

__version__ = "0.1.0"
