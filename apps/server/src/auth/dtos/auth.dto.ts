import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MembershipDto } from '../../users/dtos/user.dto';

export class LoginDto {
  @ApiProperty({ example: 'nanying.shequ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'demo1234' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}

export class TokenDto {
  @ApiProperty({ description: 'JWT；请求时放在 Authorization: Bearer <token>' }) accessToken!: string;
  @ApiProperty({ description: '有效期（秒）', example: 28800 }) expiresIn!: number;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
}

export class MeUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'nanying.shequ' }) username!: string;
  @ApiProperty({ example: '南营社区党委 李书记' }) displayName!: string;
}

export class MeDto {
  @ApiProperty({ type: MeUserDto }) user!: MeUserDto;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
  @ApiProperty({ type: [String], description: '`<role>:<orgUnitId>`，流程任务按此分派', example: ['community-party:wf-dongda-nanying'] })
  candidateGroups!: string[];
}
