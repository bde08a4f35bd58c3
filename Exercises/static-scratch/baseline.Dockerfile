# The naive single-stage build, to compare with (`dockerlings measure Dockerfile
# --baseline baseline.Dockerfile`): the program ships with the whole python:3.12 image
# (compilers, headers, Python) it was built in.
FROM python:3.12
WORKDIR /src
COPY hello.c .
RUN gcc -Os -o /usr/local/bin/hello hello.c
CMD ["hello"]
