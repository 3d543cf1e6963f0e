"""Run: `socialworkbook run` and the workspace it runs in.

Holds the batch runner (`runner`), the kernels started ahead of need (`kernels`, with the private
names of other packages they rely on in `private_apis`), the templates and their parameters
(`templates`), the resource limits checked before a client is read (`limits`) and a new workspace
(`workspace`). May import the shared base, `intake` and `publish`; only the lab and the command
line import it. The notebooks it executes import the analyses; the runner itself never does.
"""
