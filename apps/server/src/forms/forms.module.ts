/** The form registry (deployed form-js schemas by form key) and server-side use of libs/forms. */
import { Module } from '@nestjs/common';
import { FormsRepository } from './forms.repository';
import { FormsService } from './forms.service';

@Module({ providers: [FormsRepository, FormsService], exports: [FormsService] })
export class FormsModule {}
