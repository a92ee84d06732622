// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Auditing;
using Microsoft.AspNetCore.Mvc;

namespace DataGuard.AspNetCore.Tests.Auditing;

[ApiController]
[Route("audit-mvc/plain")]
public sealed class UnauditedCallsController : ControllerBase
{
    [HttpGet]
    public string Get() => AuditContext.Current is null ? "no-scope" : "scope";
}
