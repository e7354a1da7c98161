/**
 * The embedded engine's controllable clock for administrators (issue 4): move engine time
 * forward so timers (24 h acceptance, 7-day rating …) fire in tests and demos. Only with
 * ENGINE=embedded and ENGINE_CONTROLLABLE_CLOCK=true; otherwise 409.
 */
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { forbidden, invalidField } from '../common/app-error';
import { ChangeEngineClockDto, EngineClockDto } from './engine-clock.dto';
import { WorkflowEngineService, type EngineClockChange } from './workflow-engine.service';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '不是管理员' })
@ApiConflictResponse({ description: '引擎时钟不可调整（未设置 ENGINE_CONTROLLABLE_CLOCK=true，或使用外部 Zeebe 引擎）' })
@Controller('admin/engine-clock')
export class EngineClockController {
  constructor(private readonly engine: WorkflowEngineService) {}

  @Get()
  @ApiOperation({ summary: '当前引擎时间（管理员；仅可调时钟）' })
  @ApiOkResponse({ type: EngineClockDto })
  get(@CurrentPrincipal() principal: Principal): EngineClockDto {
    requireAdmin(principal);
    return { now: new Date(this.engine.clockNow()).toISOString() };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: '拨动引擎时钟：advanceMs、set、reset 三选一（管理员；到期的定时器随即触发）' })
  @ApiOkResponse({ type: EngineClockDto })
  @ApiBadRequestResponse({ description: '参数有误，或未恰好给出 advanceMs、set、reset 之一' })
  change(@CurrentPrincipal() principal: Principal, @Body() body: ChangeEngineClockDto): EngineClockDto {
    requireAdmin(principal);
    return { now: new Date(this.engine.changeClock(toChange(body))).toISOString() };
  }
}

function requireAdmin(principal: Principal): void {
  if (!principal.memberships.some((m) => m.role === 'admin')) throw forbidden('只有管理员可以调整引擎时钟');
}

function toChange(body: ChangeEngineClockDto): EngineClockChange {
  const given = [body.advanceMs !== undefined, body.set !== undefined, body.reset !== undefined].filter(Boolean).length;
  if (given !== 1) throw invalidField('advanceMs', 'exactlyOne', 'advanceMs、set、reset 须恰好给出一项');
  if (body.advanceMs !== undefined) return { advanceMs: body.advanceMs };
  if (body.set !== undefined) return { set: Date.parse(body.set) };
  return { reset: true };
}
