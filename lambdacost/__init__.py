"""lambdacost: cost and capacity planning for AWS Lambda.

The package is layered: :mod:`lambdacost.schema.units` parses quantities,
:mod:`lambdacost.io.loader` reads and validates files into the pydantic models of
:mod:`lambdacost.schema.workload` and :mod:`lambdacost.schema.prices`, :mod:`lambdacost.core.engine`
prices numpy arrays, :mod:`lambdacost.render.estimate` turns results into output and
:mod:`lambdacost.cli.app` wires them to the command line.
"""

__version__ = "0.1.0"
