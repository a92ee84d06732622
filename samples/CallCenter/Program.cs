// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using CallCenter;
using CallCenter.Demo;

// dotnet run --project samples/CallCenter -- demo          the main job end to end on a fresh SQLite database, then exit
// dotnet run --project samples/CallCenter -- rotate-keys   a new data key, then re-encrypt every row (the configured database)
// dotnet run --project samples/CallCenter                   serve the API on http://127.0.0.1:5080
var command = args.FirstOrDefault();
var app = CallCenterApp.Build(args.Skip(command is "demo" or "rotate-keys" ? 1 : 0).ToArray(), demo: command == "demo");
await CallCenterApp.CreateDatabaseAsync(app);

switch (command)
{
    case "demo":
        return await new DemoRunner(app, Console.Out).RunAsync();
    case "rotate-keys":
        return await KeyRotationCommand.RunAsync(app, Console.Out);
    default:
        await app.RunAsync();
        return 0;
}
