/** A workspace with an agent api-call under the production base URL of 'weather-api' (promote tests, CLI and LSP). */
export const PROMOTE_FILES: Record<string, string> = {
  'stellar.yaml': 'secrets:\n  WEATHER_TOKEN: Weather API token\n',
  'auth/weather-token.auth.yaml':
    'type: bearer\nname: Weather token\nenvironments:\n  development: { token: { secret: WEATHER_TOKEN } }\n  production: { token: { secret: WEATHER_TOKEN } }\n',
  'integrations/weather-api/weather-api.integration.yaml':
    'kind: custom-api\nname: Weather API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4020/v1", auth: weather-token }\n  production: { baseUrl: "https://weather.example.com/v1/", auth: weather-token }\n',
  'integrations/weather-api/actions/forecast.action.yaml':
    'integration: weather-api\nname: forecast\ndescription: The forecast for a city.\nmethod: GET\npath: /forecast\n',
  'integrations/split.integration.yaml':
    'kind: custom-api\nname: Split\nenvironments:\n  development: { baseUrl: "https://weather.example.com" }\n  production: { baseUrl: "https://weather.example.com/v1" }\n',
  'integrations/other.integration.yaml': 'kind: custom-api\nname: Other\nenvironments:\n  production: { baseUrl: "https://other.example.com" }\n',
  'integrations/docs.integration.yaml': 'kind: mcp-server\nname: Docs\nurl: https://docs.example.com/mcp\n',
  'agents/support.agent.yaml': [
    'name: Support',
    'status: active',
    'states: [weather]',
    'actions:',
    '  - link: weather-api/forecast',
    '  - type: api-call',
    '    name: Current_Weather',
    '    description: The weather now in the caller’s city.',
    '    method: GET',
    '    url: https://weather.example.com/v1/current',
    '    auth: weather-token',
    '    headers:',
    '      Accept: application/json',
    '    outputVariables:',
    '      - { name: temp, path: $.current.temp }',
    '    parameters:',
    '      type: object',
    '      properties: { city: { type: string } }',
    '      required: [city]',
    '    phases: [in-call] # only while on the phone',
    '    maxSuccessfulCalls: 2',
    '    allowedStates: [weather]',
    '  - type: end-call',
    '    name: bye',
    '    description: End the call.',
    '    phases: [in-call]',
    '',
  ].join('\n'),
};
