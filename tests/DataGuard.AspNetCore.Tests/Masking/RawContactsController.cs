// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.AspNetCore.Mvc;

namespace DataGuard.AspNetCore.Tests.Masking;

[ApiController]
[Route("mvc/raw")]
public sealed class RawContactsController : ControllerBase
{
    [HttpGet("contact")]
    public ContactDto Contact() => new();
}
