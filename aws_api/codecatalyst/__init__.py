"""The ``codecatalyst`` API (rest-json, bearer personal access token), as botocore's own service
model 2022-09-28 describes it: the model routes, validates and names; the handlers call the
console's services and selectors."""
