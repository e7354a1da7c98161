import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';
import { AuthService } from './auth.service';
import { LoginDto, MeDto, TokenDto } from './dtos/auth.dto';
import { CurrentPrincipal, type Principal } from './principal';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '用户名和密码登录，得到访问令牌' })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS：用户名或密码错误（两者不区分）' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS：失败次数过多，见 Retry-After' })
  login(@Body() body: LoginDto, @Ip() address: string): Promise<TokenDto> {
    return this.auth.login(body.username, body.password, address);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly auth: AuthService) {}

  @Get()
  @ApiOperation({ summary: '当前用户、其成员身份（含单元名称、层级、路径）和候选组' })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: '未登录或令牌失效' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.auth.me(principal);
  }
}
