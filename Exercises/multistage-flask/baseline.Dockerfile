# The naive single-stage build the size check compares against (the starter as first written).
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
EXPOSE 8080
CMD python app.py
